package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.tally.Tally;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code nodes} against a real tally fed over a real nats-server. */
class NodesCommandTest {
    private NatsServerProcess server;
    private Connection publisher;
    private Connection connection;
    private Tally tally;
    private int expected;
    private final ManualClock clock = new ManualClock();

    /** A clock this test moves by hand. */
    private static final class ManualClock extends java.time.Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = NatsServerProcess.start();
        publisher = Nats.connect(server.url());
        connection = Nats.connect(server.url());
        // a short expiry window gives "last seen" a resolution of 300 ms (for --silent-for)
        tally = Tally.builder().connection(connection).component("*").port(0).bind("127.0.0.1").replay(false)
                .expireAfter(Duration.ofSeconds(30)).clock(clock).start();
    }

    @AfterEach
    void stop() throws Exception {
        tally.close();
        connection.close();
        publisher.close();
        server.close();
    }

    private String url() {
        return "http://127.0.0.1:" + tally.port();
    }

    private void alive(String component, String identity, String version) {
        LifecycleEvent e = Lifecycle.newEvent(EventType.ALIVE, EventOption.component(component),
                EventOption.identity(identity), EventOption.version(version));
        publisher.publish(e.target(), Lifecycle.toJson(e));
        expected++;
    }

    private void awaitTallied() {
        Poll.until(() -> tally.recorder().nodes() == expected, () -> tally.recorder().nodes() + " of " + expected + " nodes tallied");
    }

    @Test
    void printsExactlyTheNodesOnAVersionOneIdentityPerLine() {
        alive("server", "web-2.example.net", "1.2.3");
        alive("server", "web-1.example.net", "1.2.3");
        alive("server", "db-1.example.net", "1.2.4");
        alive("server", "Web-3.example.net", "1.2.3");
        alive("broker", "broker-1.example.net", "1.2.3");
        awaitTallied();
        CliRun r = CliRun.run("nodes", "--tally", url(), "--component", "server", "--version", "1.2.3").assertCleanErrors();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("Web-3.example.net\nweb-1.example.net\nweb-2.example.net\n");
        assertThat(CliRun.run("nodes", "--tally", url()).stdoutLines()).as("component server by default")
                .containsExactly("Web-3.example.net", "db-1.example.net", "web-1.example.net", "web-2.example.net");
        assertThat(CliRun.run("nodes", "--tally", url(), "--contains", "WEB-").stdoutLines())
                .containsExactly("Web-3.example.net", "web-1.example.net", "web-2.example.net");
        assertThat(CliRun.run("nodes", "--tally", url(), "--version", "9.9").stdout()).isEmpty();
    }

    @Test
    void readsEveryPageOfALargeFleet() {
        List<String> identities = IntStream.range(0, 10_050).mapToObj(i -> String.format("n%05d", i)).toList();
        identities.forEach(id -> alive("server", id, "1.0"));
        awaitTallied();
        CliRun r = CliRun.run("nodes", "--tally", url(), "--version", "1.0").assertCleanErrors();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutLines()).isEqualTo(identities);
    }

    @Test
    void jsonPrintsOneRecordPerLine() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        alive("server", "n1", "1.0");
        alive("server", "n2", "2.0");
        awaitTallied();
        CliRun r = CliRun.run("nodes", "--tally", url(), "--json").assertCleanErrors();
        assertThat(r.exitCode()).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            records.add(new ObjectMapper().readTree(line));
        }
        assertThat(records).extracting(n -> n.get("identity").asText()).containsExactly("n1", "n2");
        assertThat(records).extracting(n -> n.get("version").asText()).containsExactly("1.0", "2.0");
        for (JsonNode n : records) {
            assertThat(Instant.parse(n.get("last_seen").asText())).isBetween(before, Instant.now());
        }
    }

    @Test
    void silentForListsTheNodesNotHeardFromForThatLong() throws Exception {
        alive("server", "quiet", "1.0");
        awaitTallied();
        clock.advance(Duration.ofSeconds(2)); // the tally's time, not the wall clock's
        alive("server", "chatty", "1.0");
        awaitTallied();
        CliRun r = CliRun.run("nodes", "--tally", url(), "--silent-for", "1500ms").assertCleanErrors();
        assertThat(r.stdoutLines()).containsExactly("quiet");
        assertThat(CliRun.run("nodes", "--tally", url()).stdoutLines()).containsExactly("chatty", "quiet");
    }

    @Test
    void anIdentityThatWouldBreakTheNodesFileIsLeftOutWithAnError() {
        alive("server", "evil\nextra-node", "1.0");
        alive("server", "<img src=x onerror=alert(1)>", "1.0");
        alive("server", "good", "1.0");
        awaitTallied();
        CliRun r = CliRun.run("nodes", "--tally", url()).assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdoutLines()).containsExactly("<img src=x onerror=alert(1)>", "good");
        assertThat(r.stderrLines()).containsExactly(
                "error: left out identity \"evil\\u000aextra-node\": it holds a line break or another control character");
        CliRun json = CliRun.run("nodes", "--tally", url(), "--json").assertCleanErrors();
        assertThat(json.exitCode()).isZero();
        assertThat(json.stdoutLines()).hasSize(3).anySatisfy(l -> assertThat(l).contains("\"identity\":\"evil\\nextra-node\""));
    }

    @Test
    void problemsAreOneLineErrors() {
        CliRun down = CliRun.run("nodes", "--tally", "http://127.0.0.1:" + NatsServerProcess.freePort()).assertCleanErrors();
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.stderrLines()).singleElement().asString().startsWith("error: cannot reach the tally at http://127.0.0.1:")
                .endsWith(": connection refused");

        CliRun badUrl = CliRun.run("nodes", "--tally", "127.0.0.1:8080").assertCleanErrors();
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.stderr()).startsWith("error: --tally: '127.0.0.1:8080' is not an http(s)://host:port URL");

        CliRun refused = CliRun.run("nodes", "--tally", url(), "--contains", "x".repeat(2000)).assertCleanErrors();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderrLines()).containsExactly(
                "error: the tally at " + url() + " answered 400: contains is longer than 1024 bytes");

        CliRun notATally = CliRun.run("nodes", "--tally", url() + "/metrics").assertCleanErrors();
        assertThat(notATally.exitCode()).isEqualTo(1);
        assertThat(notATally.stderrLines()).singleElement().asString().startsWith("error: the tally at " + url() + "/metrics answered 404");

        CliRun badDuration = CliRun.run("nodes", "--tally", url(), "--silent-for", "soon").assertCleanErrors();
        assertThat(badDuration.exitCode()).isEqualTo(2);
    }
}
