package io.choria.lifecycle.container;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished run of an external program (podman, skopeo, tar, jdeps), with its output. */
record ProgramRun(List<String> command, int exitCode, String stdout, String stderr) {

    /** Runs {@code command} with {@code env} added to this process's environment and no input; five minutes at most. */
    static ProgramRun of(Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile("run-", ".out");
            Path err = Files.createTempFile("run-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(new File("/dev/null"));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out after 5 minutes: " + String.join(" ", command));
                }
                return new ProgramRun(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
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

    static ProgramRun of(String... command) {
        return of(Map.of(), List.of(command));
    }

    /** This run, which must have exited 0. */
    ProgramRun ok() {
        if (exitCode != 0) {
            throw new AssertionError(describe());
        }
        return this;
    }

    /** For assertion messages: what ran and everything it said. */
    String describe() {
        return String.join(" ", command) + " exited " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
