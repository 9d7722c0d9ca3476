package io.choria.lifecycle.tally;

import io.choria.lifecycle.nats.election.ElectionSettings;

import io.choria.lifecycle.machine.MachineEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tally against a real nats-server, read over real HTTP scrapes. */
class TallyServiceTest {
    /** One client for every request: a new client per request keeps its connection open until it is collected,
     * and a poll that scrapes many times would reach the port's limit of connections per client address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static NatsServerProcess server;
    private static Connection publisher;
    private Connection connection;
    private Tally tally;

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServerProcess.start();
        publisher = Nats.connect(server.url());
    }

    @AfterAll
    static void stopServer() throws Exception {
        publisher.close();
        server.close();
    }

    @AfterEach
    void stopTally() throws Exception {
        if (tally != null) {
            tally.close();
        }
        if (connection != null) {
            connection.close();
        }
    }

    private Tally start(Tally.Builder b) throws Exception {
        connection = Nats.connect(server.url());
        tally = b.connection(connection).prefix("choria_tally").port(0).bind("127.0.0.1").replay(false).start();
        return tally;
    }

    private static void publish(LifecycleEvent e) {
        publisher.publish(e.target(), Events.json(e));
    }

    private static void publish(String subject, byte[] body) {
        publisher.publish(subject, body);
    }

    private Exposition scrapeWhen(String series, double value) {
        return Poll.untilPasses(WAIT, () -> {
            Exposition e = Exposition.scrape(tally.port());
            assertThat(e.get(series)).as(series + " in\n" + e.text()).isEqualTo(value);
            return e;
        });
    }

    @Test
    void everyUpdateRuleIsVisibleInAScrape() throws Exception {
        start(Tally.builder());
        publish(Events.alive("server", "n1", "1.0"));
        publish(Events.alive("server", "n2", "1.0"));
        publish(Events.alive("server", "n2", "1.1"));
        publish(Events.startup("server", "n3", "1.1"));
        publish(Events.startup("server", "n1", "1.1"));
        publish(Events.shutdown("server", "n3"));
        publish(Events.shutdown("server", "unknown-host"));
        publish(Events.governor("server", "n1", "PUPPET", GovernorStage.ENTER));
        publish(Events.provisioned("server", "n4"));
        publish(Events.upgraded("server", "n4", "1.0", "1.1"));
        publish(Events.alive("client", "c1", "0.9"));
        publish(MachineEvents.TRANSITION_SUBJECT, Events.transition("deploy", "1.0.0", "start", "idle", "running"));
        publish(MachineEvents.EXEC_STATE_SUBJECT, Events.execState("deploy", "1.0.0", "check", "success", 250_000_000L));
        publish(MachineEvents.EXEC_STATE_SUBJECT, Events.execState("deploy", "1.0.0", "check", "error", 750_000_000L));

        Exposition e = scrapeWhen("choria_tally_good_events{active=\"1\",component=\"server\"}", 10);
        assertThat(e.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(0);
        assertThat(e.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.1\"}")).isEqualTo(2);
        assertThat(e.get("choria_tally_versions{active=\"1\",component=\"client\",version=\"0.9\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_event_types{active=\"1\",component=\"server\",type=\"alive\"}")).isEqualTo(3);
        assertThat(e.get("choria_tally_event_types{active=\"1\",component=\"server\",type=\"shutdown\"}")).isEqualTo(2);
        assertThat(e.get("choria_tally_event_types{active=\"1\",component=\"server\",type=\"upgraded\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_event_types{active=\"1\",component=\"server\",type=\"provisioned\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_governor{active=\"1\",component=\"server\",event=\"enter\",governor=\"PUPPET\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_processing_time_count{active=\"1\",component=\"server\"}")).isEqualTo(10);
        scrapeWhen("choria_tally_exec_watcher_runtime_count{active=\"1\",machine=\"deploy\",version=\"1.0.0\",watcher=\"check\"}", 2);
        e = Exposition.scrape(tally.port());
        assertThat(e.get("choria_tally_machine_transition{active=\"1\",from=\"idle\",machine=\"deploy\",to=\"running\","
                + "transition=\"start\",version=\"1.0.0\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_exec_watcher_success{active=\"1\",machine=\"deploy\",version=\"1.0.0\",watcher=\"check\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_exec_watcher_failures{active=\"1\",machine=\"deploy\",version=\"1.0.0\",watcher=\"check\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_exec_watcher_runtime_sum{active=\"1\",machine=\"deploy\",version=\"1.0.0\",watcher=\"check\"}")).isEqualTo(1.0);
        assertThat(e.text()).contains("# TYPE choria_tally_good_events counter\n").doesNotContain("_total")
                .contains("# TYPE choria_tally_processing_time summary\n").contains("# TYPE choria_tally_versions gauge\n");
    }

    @Test
    void badMessagesOnAllThreeSubjectsAreCountedAndDoNotStopTheTally() throws Exception {
        start(Tally.builder().component("server"));
        byte[] junk = "\u0000garbage{".getBytes(StandardCharsets.UTF_8);
        publish("choria.lifecycle.event.alive.server", junk);
        publish("choria.lifecycle.event.startup.server", "{\"protocol\":\"io.choria.lifecycle.v1.nope\"}".getBytes(StandardCharsets.UTF_8));
        publish(MachineEvents.TRANSITION_SUBJECT, junk);
        publish(MachineEvents.EXEC_STATE_SUBJECT, junk);
        publish(MachineEvents.EXEC_STATE_SUBJECT, Events.transition("m", "1", "t", "a", "b"));
        publish(Events.alive("server", "n1", "1.0"));
        Exposition e = scrapeWhen("choria_tally_good_events{active=\"1\",component=\"server\"}", 1);
        assertThat(e.get("choria_tally_process_errors{active=\"1\",component=\"server\"}")).isEqualTo(2);
        assertThat(e.get("choria_tally_process_errors{active=\"1\",component=\"transition\"}")).isEqualTo(1);
        assertThat(e.get("choria_tally_process_errors{active=\"1\",component=\"exec_watcher\"}")).isEqualTo(2);
    }

    @Test
    void onlyTheChosenComponentIsTallied() throws Exception {
        start(Tally.builder().component("server"));
        publish(Events.alive("client", "c1", "1.0"));
        publish(Events.alive("server", "s1", "1.0"));
        Exposition e = scrapeWhen("choria_tally_good_events{active=\"1\",component=\"server\"}", 1);
        assertThat(e.text()).doesNotContain("component=\"client\"");
    }

    @Test
    void silentNodesExpireSoonAfterAShortWindow() throws Exception {
        // the tally's clock, not the wall clock, decides when the window has passed: a loaded
        // machine cannot let the node expire before the first scrape has seen it
        MutableClock clock = new MutableClock(Instant.now());
        start(Tally.builder().expireAfter(Duration.ofSeconds(1)).clock(clock));
        publish(Events.alive("server", "n1", "1.0"));
        scrapeWhen("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"}", 1);
        clock.advance(Duration.ofSeconds(2));
        scrapeWhen("choria_tally_nodes_expired{active=\"1\",component=\"server\"}", 1);
        Exposition e = Exposition.scrape(tally.port());
        assertThat(e.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(0);
        assertThat(tally.recorder().nodes()).isZero();
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        start(Tally.builder());
        HttpClient client = HTTP;
        String base = "http://127.0.0.1:" + tally.port();
        assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404); // "/" is the fleet page now (FleetApiTest)
        assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/metrics/x")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    /** What Prometheus 2.x sends: it would store OpenMetrics counters as {@code <name>_total}. */
    @Test
    void aScraperAskingForOpenMetricsGetsTheReferenceFormat() throws Exception {
        start(Tally.builder());
        publish(Events.alive("server", "n1", "1.0"));
        scrapeWhen("choria_tally_good_events{active=\"1\",component=\"server\"}", 1);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + tally.port() + "/metrics"))
                .header("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("choria_tally_good_events{active=\"1\",component=\"server\"} 1\n")
                .doesNotContain("_total").doesNotContain("# EOF");
    }

    @Test
    void malformedAndStalledRequestsDoNotHurtTheEndpoint() throws Exception {
        start(Tally.builder());
        try (Socket garbage = new Socket("127.0.0.1", tally.port()); Socket stalled = new Socket("127.0.0.1", tally.port())) {
            OutputStream out = garbage.getOutputStream();
            out.write("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            stalled.getOutputStream().write("GET /metr".getBytes(StandardCharsets.ISO_8859_1));
            garbage.setSoTimeout(5000);
            InputStream in = garbage.getInputStream();
            byte[] reply = in.readNBytes(12);
            assertThat(new String(reply, StandardCharsets.ISO_8859_1)).satisfiesAnyOf(
                    s -> assertThat(s).isEmpty(), s -> assertThat(s).startsWith("HTTP/1.1 4")); // refused or closed
            for (int i = 0; i < 10; i++) {
                assertThat(Exposition.scrape(tally.port()).text()).contains("# TYPE choria_tally_versions gauge");
            }
        }
    }

    @Test
    void manyStalledClientsDoNotHoldUpAScrape() throws Exception {
        start(Tally.builder());
        java.util.List<Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket("127.0.0.1", tally.port());
                s.getOutputStream().write("GET /metr".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + tally.port() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("# TYPE choria_tally_versions gauge");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void queryStringsAndHeadAreServed() throws Exception {
        start(Tally.builder());
        HttpClient client = HTTP;
        String base = "http://127.0.0.1:" + tally.port();
        HttpResponse<String> withQuery = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withQuery.statusCode()).isEqualTo(200);
        assertThat(withQuery.body()).contains("# TYPE choria_tally_versions gauge");
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void theWholeSubjectTreeIsRefused() {
        assertThatThrownBy(() -> Tally.builder().connection(publisher).component(">").start())
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT)).hasMessage("component '>' is not allowed: use '*' to tally every component");
        assertThatThrownBy(() -> TallySubjects.lifecycle("a.b")).isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT)).hasMessageContaining("single subject token");
        assertThat(TallySubjects.lifecycle("*")).isEqualTo("choria.lifecycle.event.*.*");
        assertThat(TallySubjects.lifecycle("server")).isEqualTo("choria.lifecycle.event.*.server");
    }

    @Test
    void theElectionSettingsGivenAreUsedAsTheyAre() {
        ElectionSettings tuning = ElectionSettings.of("fleet").withCandidate("me");
        // this server runs no JetStream, so the election fails, naming its bucket
        assertThatThrownBy(() -> start(Tally.builder().election(tuning)))
                .isInstanceOf(LifecycleException.class).hasMessageContaining("CHORIA_LEADER_ELECTION");
        assertThat(tuning.candidate()).isEqualTo("me");
        assertThat(tuning.campaign()).isEqualTo("fleet");
    }

    @Test
    void invalidSettingsAreClearErrors() {
        assertThatThrownBy(() -> Tally.builder().connection(publisher).prefix("9lives").start())
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT)).hasMessageStartingWith("invalid prefix '9lives'");
        assertThatThrownBy(() -> Tally.builder().expireAfter(Duration.ofMillis(10)))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT)).hasMessage("expire-after must be between 1s and 720h, got 10ms");
        assertThatThrownBy(() -> Tally.builder().connection(publisher).port(70000).start())
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT)).hasMessageContaining("invalid port 70000");
    }

    /** A second close does nothing (jnats throws when a dispatcher is closed twice: the tally must not). */
    @Test
    void aTallyClosesOnce() throws Exception {
        Tally t = start(Tally.builder());
        assertThatCode(() -> {
            t.close();
            t.close();
        }).doesNotThrowAnyException();
    }

    /** As go-choria's tally with an empty component: no lifecycle subscription, machine events still counted. */
    @Test
    void anEmptyComponentCountsMachineEventsOnly() throws Exception {
        start(Tally.builder().component(""));
        publish(Events.alive("server", "s1", "1.0"));
        publish(MachineEvents.TRANSITION_SUBJECT, Events.transition("deploy", "1.0.0", "go", "idle", "running"));
        Exposition e = scrapeWhen("choria_tally_machine_transition{active=\"1\",from=\"idle\",machine=\"deploy\","
                + "to=\"running\",transition=\"go\",version=\"1.0.0\"}", 1);
        assertThat(e.text()).as("the alive, published first, was not received").doesNotContain("choria_tally_good_events{");
    }

    @Test
    void anEmptyPrefixIsTheLibrarysDefaultAsInTheReference() throws Exception {
        connection = Nats.connect(server.url());
        tally = Tally.builder().connection(connection).prefix("").port(0).bind("127.0.0.1").replay(false).start();
        publish(Events.alive("server", "p1", "1.0"));
        Poll.untilPasses(WAIT, () -> assertThat(Exposition.scrape(tally.port())
                .get("lifecycle_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(1.0));
    }
}
