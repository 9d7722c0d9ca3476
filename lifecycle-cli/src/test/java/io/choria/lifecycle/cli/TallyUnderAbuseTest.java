package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The issue 20 trial at a scale that fits CI: a tally command in a JVM with a small heap and a small
 * node limit, fed new identities and then distinct versions through a real nats-server by
 * {@code bench burst} (the tool the full-size trial in docs/tally.md uses), polled on /metrics all
 * along, then restarted into the stream that holds it all. It must answer every poll, keep /metrics
 * small, log a line per interval at most, show the refusals, and come back after the restart.
 */
class TallyUnderAbuseTest {
    private static final int MAX_NODES = 20_000;
    private static final int MAX_VERSIONS = 50;
    private static final int NEW_IDENTITIES = 100_000;
    private static final int NEW_VERSIONS = 20_000;
    private static final List<String> SMALL_HEAP = List.of("-Xmx96m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50",
            "-XX:+ExitOnOutOfMemoryError");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Polls /metrics every 100 ms until stopped: how many answered 200, what failed, the largest body. */
    private static final class Poller implements AutoCloseable {
        final AtomicInteger answered = new AtomicInteger();
        final List<String> failures = new ArrayList<>();
        final AtomicLong largest = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Poller(int port) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = get(port, "/metrics");
                        if (r.statusCode() == 200) {
                            answered.incrementAndGet();
                            largest.accumulateAndGet(r.body().length(), Math::max);
                        } else {
                            failures.add("HTTP " + r.statusCode());
                        }
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "metrics-poller");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of the samples of {@code family} whose labels contain {@code labels}. */
    private static long sum(String metrics, String family, String labels) {
        Matcher m = Pattern.compile("(?m)^" + family + "\\{([^}]*)} (\\S+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(total);
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    private static CliProcess tally(String server, int port) {
        return CliProcess.start(SMALL_HEAP, Map.of(), "tally", "--server", server, "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--max-nodes", Integer.toString(MAX_NODES),
                "--max-versions", Integer.toString(MAX_VERSIONS));
    }

    private static void awaitServing(CliProcess tally) {
        Poll.until(Duration.ofSeconds(60), () -> tally.output().contains("tally: serving") || !tally.isAlive(), tally::output);
        assertThat(tally.isAlive()).as(tally::output).isTrue();
    }

    private static void burst(String server, String... options) {
        List<String> args = new ArrayList<>(List.of("bench", "burst", "--server", server, "--rate", "20000"));
        args.addAll(List.of(options));
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void aFloodOfNewIdentitiesAndVersionsIsRefusedQuietlyAndSurvivesARestart() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream(); Connection c = Nats.connect(server.url())) {
            c.jetStreamManagement().addStream(StreamConfiguration.builder().name("CHORIA_EVENTS")
                    .subjects("choria.lifecycle.>").build());
            int port = NatsServerProcess.freePort();
            String metrics;
            long started = System.nanoTime();
            try (CliProcess tally = tally(server.url(), port)) {
                awaitServing(tally);
                try (Poller poller = new Poller(port)) {
                    burst(server.url(), "--new-identities", "--events", Integer.toString(NEW_IDENTITIES));
                    burst(server.url(), "--new-versions", "--events", Integer.toString(NEW_VERSIONS));
                    Poll.until(Duration.ofSeconds(60), () -> {
                        try {
                            String m = get(port, "/metrics").body();
                            return sum(m, "choria_tally_good_events", "") + sum(m, "choria_tally_lost_events", "")
                                    >= NEW_IDENTITIES + NEW_VERSIONS;
                        } catch (Exception e) {
                            return false;
                        }
                    }, tally::output);
                    Thread.sleep(11_000); // one more log interval: the last refusals' line
                    poller.close();
                    assertThat(poller.failures).as("every /metrics poll answered").isEmpty();
                    assertThat(poller.answered.get()).isGreaterThan(50);
                    assertThat(poller.largest.get()).as("the largest /metrics").isLessThan(100_000);
                }
                metrics = get(port, "/metrics").body();
                JsonNode fleet = JSON.readTree(get(port, "/api/fleet").body());
                assertThat(tally.isAlive()).as(tally::output).isTrue();
                long lost = sum(metrics, "choria_tally_lost_events", "");
                assertThat(fleet.get("instance").get("nodes_tracked").asInt()).isEqualTo(MAX_NODES);
                assertThat(sum(metrics, "choria_tally_refused_events", "reason=\"node_limit\""))
                        .isGreaterThanOrEqualTo(NEW_IDENTITIES - MAX_NODES - lost);
                assertThat(sum(metrics, "choria_tally_refused_events", "reason=\"version_limit\""))
                        .isGreaterThanOrEqualTo(NEW_VERSIONS - MAX_VERSIONS - lost);
                assertThat(count(metrics, "choria_tally_versions{")).isLessThanOrEqualTo(MAX_VERSIONS);
                assertThat(sum(metrics, "choria_tally_version_limit_nodes", "") + sum(metrics, "choria_tally_versions", ""))
                        .as("every tracked node is on an exposed version or counted as over the limit").isEqualTo(MAX_NODES);
                assertThat(metrics).doesNotContain("choria_tally_process_errors{");
                String log = tally.output();
                long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                assertThat(count(log, "Refused ")).as(log).isBetween(1L, seconds / 10 + 2);
                assertThat(count(log, "could not process")).as(log).isZero();
                tally.signal("TERM");
                assertThat(tally.waitFor(15)).as(tally::output).isZero();
            }
            // the stream now holds every event: a restart replays them, stops at the limit, and serves
            try (CliProcess again = tally(server.url(), port)) {
                awaitServing(again);
                JsonNode fleet = JSON.readTree(get(port, "/api/fleet").body());
                assertThat(fleet.get("instance").get("nodes_tracked").asInt()).isEqualTo(MAX_NODES);
                assertThat(again.output()).contains("Replay done: " + (NEW_IDENTITIES + NEW_VERSIONS) + " events read")
                        .contains("nodes known; refused ").doesNotContain("OutOfMemoryError");
                assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);
            }
        }
    }
}
