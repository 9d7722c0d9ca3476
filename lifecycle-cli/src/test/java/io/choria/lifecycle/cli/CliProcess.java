package io.choria.lifecycle.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a JVM of its own, for what an in-process run cannot show: signals, exit
 * codes of the process, and the environment (HOME). Output and errors go to one log file.
 */
public final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private CliProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code choria-lifecycle args} with {@code environment} added to this process's. */
    public static CliProcess start(Map<String, String> environment, String... args) {
        return start(List.of(), environment, args);
    }

    /** Starts {@code choria-lifecycle args} in a JVM with {@code jvmOptions} (a heap size, as the launcher gives one). */
    public static CliProcess start(List<String> jvmOptions, Map<String, String> environment, String... args) {
        try {
            Path log = Files.createTempFile("choria-lifecycle", ".log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            // a build started in the background of a shell without job control inherits SIGINT ignored, and
            // the JVM then never sees it: 'env' (coreutils) gives the child the default disposition, as a
            // terminal's Ctrl-C finds it, and execs Java in place (same pid)
            List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classpath, ChoriaLifecycle.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            return new CliProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the process wrote so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name, e.g. {@code TERM} or {@code INT}. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** The exit code, waiting at most {@code seconds}; -1 when still running. */
    public int waitFor(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(log);
    }
}
