package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the command line with captured streams. */
public record CliRun(int exitCode, byte[] stdoutBytes, String stderr) {

    public static CliRun run(String... args) {
        return withInput(new byte[0], args);
    }

    public static CliRun withInput(String stdin, String... args) {
        return withInput(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    public static CliRun withInput(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ChoriaLifecycle.run(new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    public List<String> stderrLines() {
        return stderr.lines().toList();
    }

    /** The house rule: errors are {@code error: } lines (plus a usage hint), never a stack trace. */
    public CliRun assertCleanErrors() {
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Caused by");
        for (String line : stderrLines()) {
            assertThat(line).matches("(error: |Try 'choria-lifecycle).*");
            assertThat(line).doesNotContainPattern("^[\\w$.]+(Exception|Error)\\b");
        }
        return this;
    }
}
