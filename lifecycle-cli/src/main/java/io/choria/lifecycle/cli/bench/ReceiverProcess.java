package io.choria.lifecycle.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running {@link IngestReceiver} child process, asked for its counts over stdin and stdout. */
final class ReceiverProcess implements AutoCloseable {
    /**
     * JVM settings of the receivers: what {@code bin/choria-lifecycle} gives {@code tally} (for the
     * tally and the bare subscriber, so that the two compare like for like) and {@code view}.
     * {@code ReceiverProcessTest} checks that the launcher still says the same.
     */
    static final List<String> TALLY_JVM = List.of("-Xms64m", "-Xmx256m", "-XX:MaxGCPauseMillis=50",
            "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC");
    static final List<String> VIEW_JVM = List.of("-Xmx192m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC");

    /** Environment variable with JVM options added to every receiver, e.g. {@code -XX:StartFlightRecording=...}. */
    static final String EXTRA_JVM_OPTIONS = "CHORIA_BENCH_RECEIVER_OPTS";

    /** Processed and dropped so far. */
    record Counts(long processed, long dropped) {
    }

    private final String kind;
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    private ReceiverProcess(String kind, Process process) {
        this.kind = kind;
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
    }

    /** Starts a receiver of {@code kind} on {@code server} and waits until it has subscribed. */
    static ReceiverProcess start(String kind, String server) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(kind));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IngestReceiver.class.getName(), kind, server));
        try {
            Path errors = Files.createTempFile("bench-" + kind, ".log");
            errors.toFile().deleteOnExit();
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            ReceiverProcess r = new ReceiverProcess(kind, p);
            String line = r.out.readLine();
            for (int skipped = 0; line != null && !line.equals("ready") && skipped < 100; skipped++) {
                line = r.out.readLine(); // what the JVM may print first, e.g. "Started recording"
            }
            if (!"ready".equals(line)) {
                p.destroyForcibly();
                throw new IllegalStateException("the " + kind + " receiver did not start: " + Files.readString(errors).strip());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + kind + " receiver", e);
        }
    }

    /** The JVM options of a receiver of {@code kind} ({@code view}, else the tally's), plus {@link #EXTRA_JVM_OPTIONS}. */
    static List<String> jvmOptions(String kind) {
        return jvmOptions(kind, System.getenv(EXTRA_JVM_OPTIONS));
    }

    /** The JVM options of a receiver of {@code kind} with {@code extra} (may be null) added. */
    static List<String> jvmOptions(String kind, String extra) {
        List<String> options = new ArrayList<>(kind.equals("view") ? VIEW_JVM : TALLY_JVM);
        if (extra != null && !extra.isBlank()) {
            List<String> added = List.of(extra.trim().split("\\s+")); // e.g. a JFR recording, to profile a receiver
            if (added.stream().anyMatch(ReceiverProcess::picksCollector)) {
                options.removeIf(ReceiverProcess::picksCollector); // as in the launcher: two collectors stop the JVM
            }
            options.addAll(added);
        }
        return options;
    }

    private static boolean picksCollector(String option) {
        return option.startsWith("-XX:+Use") && option.endsWith("GC");
    }

    String kind() {
        return kind;
    }

    /** What the receiver has processed and dropped so far. */
    Counts counts() {
        in.println("count");
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the " + kind + " receiver has gone away");
            }
            String[] parts = line.trim().split(" ");
            return new Counts(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The receiver's peak resident memory so far (VmHWM), in bytes; -1 where /proc does not tell. */
    long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or already gone
        }
        return -1;
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
