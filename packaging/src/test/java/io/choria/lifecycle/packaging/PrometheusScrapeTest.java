package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.tally.Tally;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian package) on the example configuration scrapes a running tally fed over
 * a real nats-server; its HTTP API then answers for the fleet, for every dashboard query and for
 * every alerting rule.
 */
class PrometheusScrapeTest {
    /** One client for every request: a new client per request keeps its connection open until it is collected,
     * and a poll that scrapes many times would reach the port's limit of connections per client address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JOB = "choria_lifecycle_tally";
    private static NatsServerProcess nats;
    private static Connection connection;
    private static Connection tallyConnection;
    private static Tally tally;
    private static PrometheusServer prometheus;
    /** What was published: identity to the version it runs last. */
    private static final Map<String, String> FLEET = new TreeMap<>();

    @BeforeAll
    static void publishAFleetAndScrapeIt() throws Exception {
        nats = NatsServerProcess.start();
        connection = Nats.connect(nats.url());
        tallyConnection = Nats.connect(nats.url());
        // with client_java's process and JVM metrics, as the tally command registers them
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        tally = Tally.builder().connection(tallyConnection).component("server").prefix("choria_tally")
                .registry(registry).bind("127.0.0.1").port(0).replay(false).start();
        List<byte[][]> messages = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            messages.add(event(EventType.ALIVE, "n" + i, EventOption.version("1.0.0")));
            FLEET.put("n" + i, "1.0.0");
        }
        for (int i = 6; i <= 8; i++) { // an upgrade: startups with the new version
            messages.add(event(EventType.STARTUP, "n" + i, EventOption.version("1.1.0")));
            FLEET.put("n" + i, "1.1.0");
        }
        messages.add(event(EventType.PROVISIONED, "n1"));
        messages.add(event(EventType.GOVERNOR, "n2", EventOption.governorName("upgrades"),
                EventOption.governorSequence(1), EventOption.governorStage(GovernorStage.ENTER)));
        messages.add(event(EventType.SHUTDOWN, "gone.example.net"));
        messages.add(new byte[][] {"choria.lifecycle.event.alive.server".getBytes(StandardCharsets.UTF_8),
                "not an event".getBytes(StandardCharsets.UTF_8)});
        for (byte[][] m : messages) {
            connection.publish(new String(m[0], StandardCharsets.UTF_8), m[1]);
        }
        connection.flush(Duration.ofSeconds(5));
        int good = messages.size() - 1;
        Poll.until(Duration.ofSeconds(15), () -> scrapeTally().contains(
                "choria_tally_good_events{active=\"1\",component=\"server\"} " + good + "\n"), PrometheusScrapeTest::scrapeTally);

        prometheus = PrometheusServer.scraping("127.0.0.1:" + tally.port());
    }

    private static byte[][] event(EventType type, String identity, EventOption... options) {
        List<EventOption> all = new ArrayList<>(List.of(EventOption.component("server"), EventOption.identity(identity)));
        all.addAll(List.of(options));
        LifecycleEvent e = Lifecycle.newEvent(type, all.toArray(EventOption[]::new));
        return new byte[][] {e.target().getBytes(StandardCharsets.UTF_8), Lifecycle.toJson(e)};
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        if (tally != null) {
            tally.close();
        }
        if (tallyConnection != null) {
            tallyConnection.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void prometheusSeesTheFleetThatWasPublished() {
        Map<String, Long> published = FLEET.values().stream()
                .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
        String promql = "sum by (version) (choria_tally_versions{active=\"1\"})";
        Map<String, Long> seen = new TreeMap<>();
        Poll.until(Duration.ofSeconds(30), () -> {
            seen.clear();
            for (JsonNode r : success(promql).path("data").path("result")) {
                seen.put(r.path("metric").path("version").asText(), Math.round(r.path("value").get(1).asDouble()));
            }
            return seen.equals(published);
        }, () -> promql + " gave " + seen + ", published " + published + "\n" + prometheus.log());

        assertThat(seen).isEqualTo(Map.of("1.0.0", 5L, "1.1.0", 3L));
        assertThat(value(success("up{job=\"" + JOB + "\"}"))).isEqualTo(1.0);
    }

    @Test
    void everyDashboardQueryEvaluates() {
        awaitScraped();
        Map<String, String> queries = PromqlExpressions.dashboard(OperatorFiles.DASHBOARD);
        Map<String, String> vars = Map.of("job", JOB, "component", "server", "newest", "1.1.0");
        assertThat(queries).hasSizeGreaterThan(10);
        queries.forEach((where, q) -> success(where, PromqlExpressions.substitute(q, vars)));

        assertThat(value(success(PromqlExpressions.substitute(queries.get("Nodes / A"), vars)))).isEqualTo(8.0);
        assertThat(value(success(PromqlExpressions.substitute(queries.get("Tally versions / A"), vars)))).isEqualTo(1.0);
        assertThat(value(success(PromqlExpressions.substitute(queries.get("Heap in use after collections / A"), vars))))
                .isBetween(0.0, 1.0);
        assertThat(value(success(PromqlExpressions.substitute(queries.get("Upgrade progress / A"), vars)))).isEqualTo(3.0 / 8);
        assertThat(success(PromqlExpressions.substitute(queries.get("variable newest"), vars)).path("data").path("result")
                .findValuesAsText("version")).containsExactlyInAnyOrder("1.0.0", "1.1.0");
    }

    @Test
    void everyAlertingRuleEvaluatesWithoutError() {
        awaitScraped();
        Map<String, String> rules = PromqlExpressions.rules(OperatorFiles.RULES);
        rules.forEach(PrometheusScrapeTest::success);

        // and Prometheus itself, evaluating the rule file every second, reports each rule healthy
        List<JsonNode> loaded = new ArrayList<>();
        Poll.until(Duration.ofSeconds(30), () -> {
            loaded.clear();
            prometheus.api("/api/v1/rules").path("data").path("groups")
                    .forEach(g -> g.path("rules").forEach(loaded::add));
            return loaded.size() == rules.size() && loaded.stream().allMatch(r -> r.path("health").asText().equals("ok"));
        }, () -> "every rule evaluated and healthy: " + loaded);
        // a healthy fleet with a leader and no losses pages nobody (the one bad message may make
        // the process-error rule pending, which is right: it is 1 in 14)
        assertThat(loaded).allSatisfy(r -> assertThat(r.path("state").asText()).as(r.path("name").asText()).isNotEqualTo("firing"));
    }

    private static void awaitScraped() {
        Poll.until(Duration.ofSeconds(30), () -> !prometheus.query("choria_tally_good_events").path("data").path("result").isEmpty(),
                () -> "a scrape of the counters (choria_tally_good_events, no _total): " + prometheus.query("{__name__=~\"choria_tally_.*\"}"));
    }

    /** Prometheus' answer to {@code promql}, which must be a success (no parse or evaluation error). */
    private static JsonNode success(String where, String promql) {
        JsonNode answer = prometheus.query(promql);
        assertThat(answer.path("status").asText()).as(where + ": " + promql + " -> " + answer).isEqualTo("success");
        return answer;
    }

    private static JsonNode success(String promql) {
        return success("query", promql);
    }

    private static double value(JsonNode answer) {
        JsonNode result = answer.path("data").path("result");
        assertThat(result).as(answer.toString()).hasSize(1);
        return result.get(0).path("value").get(1).asDouble();
    }

    private static String scrapeTally() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
