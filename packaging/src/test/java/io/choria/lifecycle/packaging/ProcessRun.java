package io.choria.lifecycle.packaging;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished run of an external program (dpkg, promtool, the installed launcher), with its output. */
record ProcessRun(List<String> command, int exitCode, String stdout, String stderr) {

    static ProcessRun of(String... command) {
        return withInput(null, Map.of(), command);
    }

    /** Runs {@code command} with {@code stdin} (none when null) and extra environment; two minutes at most. */
    static ProcessRun withInput(byte[] stdin, Map<String, String> env, String... command) {
        try {
            Path out = Files.createTempFile("run-", ".out");
            Path err = Files.createTempFile("run-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                if (stdin == null) {
                    pb.redirectInput(new File("/dev/null"));
                }
                Process p = pb.start();
                if (stdin != null) {
                    try (var in = p.getOutputStream()) {
                        in.write(stdin);
                    }
                }
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out after 2 minutes: " + String.join(" ", command));
                }
                return new ProcessRun(List.of(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    boolean ok() {
        return exitCode == 0;
    }

    /** For assertion messages: what ran and everything it said. */
    String describe() {
        return String.join(" ", command) + " exited " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
