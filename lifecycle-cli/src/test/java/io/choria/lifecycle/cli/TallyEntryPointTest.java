package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code tally [flags]}, the reference's program as the image's {@code /tally/tally} runs it: a JVM of its own. */
class TallyEntryPointTest {

    @Test
    void theFlagsFollowTheCommandName() {
        assertThat(TallyEntryPoint.withCommand(new String[] {"--config", "/tally/config/tally.conf", "--port", "8080"}))
                .containsExactly("tally", "--config", "/tally/config/tally.conf", "--port", "8080");
        assertThat(TallyEntryPoint.withCommand(new String[0])).containsExactly("tally");
    }

    @Test
    void itIsTheTallyCommandWithItsHelpAndExitCodes() throws Exception {
        Run help = run("--help");
        assertThat(help.exitCode).as(help.output).isZero();
        assertThat(help.output).startsWith("Usage: choria-lifecycle tally ").contains("--component").contains("--config");

        // the reference's arguments with a port that cannot be: the tally's usage error, exit 2
        Run bad = run("--config", "/tally/config/tally.conf", "--port", "70000");
        assertThat(bad.exitCode).as(bad.output).isEqualTo(2);
        assertThat(bad.output).startsWith("error: --port must be between 0 and 65535, got 70000");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, TallyEntryPoint.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }
}
