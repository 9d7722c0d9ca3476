package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.cli.process.MainClass;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.EventStream;
import io.choria.lifecycle.nats.NatsConnector;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench warm-start}: how soon a tally started against a broker whose {@value EventStream#NAME}
 * stream holds {@code events} events of {@code nodes} nodes has the fleet right. The stream is
 * filled first (startups of every node, then alive beats, over five versions); then a tally process
 * starts with the launcher's settings, and its {@code /metrics} is read until every node is counted
 * on the version it last announced.
 */
final class WarmStartBench {
    private static final String[] VERSIONS = {"0.29.4", "0.30.0", "0.30.1", "0.31.0", "0.31.2"};
    private static final int PUBLISH_WINDOW = 20_000;
    private static final Pattern VERSIONS_SAMPLE = Pattern.compile(
            "(?m)^choria_tally_versions\\{active=\"1\",component=\"server\",version=\"([^\"]+)\"} (\\S+)$");

    /** What was measured. */
    record Result(int nodes, long events, double secondsToRight, double replaySeconds) {
        double replayRate() {
            return replaySeconds > 0 ? events / replaySeconds : 0;
        }
    }

    private final int nodes;
    private final long events;
    private final PrintStream progress;

    WarmStartBench(int nodes, long events, PrintStream progress) {
        this.nodes = nodes;
        this.events = events;
        this.progress = progress;
    }

    Result run() {
        try (NatsServerProcess nats = NatsServerProcess.builder().purpose("bench").progress(progress).jetStream(true).start();
             Connection connection = NatsConnector.connect(ConnectionSettings.builder().server(nats.url())
                     .name("bench-publisher").build())) {
            long[] expected = fill(connection);
            return measure(nats.url(), expected);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Fills the stream; returns how many nodes end on each version. */
    private long[] fill(Connection connection) {
        long start = System.nanoTime();
        try {
            connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(EventStream.NAME)
                    .subjects("choria.lifecycle.>").storageType(StorageType.File).build());
            JetStream js = connection.jetStream();
            Deque<CompletableFuture<PublishAck>> acks = new ArrayDeque<>();
            int[] last = new int[nodes];
            for (long i = 0; i < events; i++) {
                int node = (int) (i % nodes);
                int version = (int) ((i / nodes + node) % VERSIONS.length);
                last[node] = version;
                LifecycleEvent e = Lifecycle.newEvent(i < nodes ? EventType.STARTUP : EventType.ALIVE,
                        EventOption.component("server"), EventOption.identity(String.format("node-%07d.example.net", node)),
                        EventOption.version(VERSIONS[version]));
                e.setFormat(WireFormat.CLOUDEVENT_V1);
                acks.add(js.publishAsync(e.target(), Lifecycle.toJson(e)));
                if (acks.size() >= PUBLISH_WINDOW) {
                    acks.poll().get(60, TimeUnit.SECONDS);
                }
            }
            while (!acks.isEmpty()) {
                acks.poll().get(60, TimeUnit.SECONDS);
            }
            long[] expected = new long[VERSIONS.length];
            for (int v : last) {
                expected[v]++;
            }
            say("stored %,d events of %,d nodes in %.1f s", events, nodes, (System.nanoTime() - start) / 1e9);
            return expected;
        } catch (Exception e) {
            throw new IllegalStateException("cannot fill the stream: " + e, e);
        }
    }

    private Result measure(String server, long[] expected) {
        int port = freePort();
        Path log;
        try {
            log = Files.createTempFile("bench-warm-start", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ReceiverProcess.jvmOptions("tally"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MainClass.NAME, "tally",
                "--component", "*", "--server", server, "--port", Integer.toString(port), "--bind", "127.0.0.1"));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        long start = System.nanoTime();
        Process tally;
        try {
            tally = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            while (true) {
                if (!tally.isAlive()) {
                    throw new IllegalStateException("the tally exited: " + Files.readString(log).strip());
                }
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("the tally was not right within 5 minutes");
                }
                try {
                    if (right(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body(), expected)) {
                        break;
                    }
                } catch (IOException notServingYet) {
                    // the tally serves only once caught up
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double replay = replaySeconds(Files.readString(log));
            say("the tally had all %,d nodes right %.2f s after it was started (replay %.2f s, %,.0f events/s)",
                    nodes, seconds, replay, replay > 0 ? events / replay : 0);
            return new Result(nodes, events, seconds, replay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            tally.destroy();
            try {
                tally.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(log);
            } catch (InterruptedException | IOException e) {
                tally.destroyForcibly();
            }
        }
    }

    private static boolean right(String metrics, long[] expected) {
        long[] seen = new long[VERSIONS.length];
        Matcher m = VERSIONS_SAMPLE.matcher(metrics);
        while (m.find()) {
            for (int v = 0; v < VERSIONS.length; v++) {
                if (VERSIONS[v].equals(m.group(1))) {
                    seen[v] = (long) Double.parseDouble(m.group(2));
                }
            }
        }
        return java.util.Arrays.equals(seen, expected);
    }

    /** Seconds between the tally's "Replaying" and "Replay done" log lines, or -1. */
    private static double replaySeconds(String log) {
        Matcher from = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d\\.\\d{3}) \\[INFO] EventReplay - Replaying").matcher(log);
        Matcher to = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d\\.\\d{3}) \\[INFO] EventReplay - Replay done").matcher(log);
        if (!from.find() || !to.find()) {
            return -1;
        }
        return seconds(to) - seconds(from);
    }

    private static double seconds(Matcher m) {
        return Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void say(String format, Object... args) {
        progress.println("bench warm-start: " + String.format(Locale.ROOT, format, args));
        progress.flush();
    }
}
