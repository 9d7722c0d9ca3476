package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.ChoriaLifecycle;
import io.choria.lifecycle.cli.CliProcess;
import io.choria.lifecycle.cli.CliRun;
import io.choria.lifecycle.cli.process.CliVersion;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.machine.MachineEventWriter;
import io.choria.lifecycle.machine.MachineEvents;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TallyCommandTest {
    /** One client for every request: a new client per request keeps its connection open until it is collected,
     * and a poll that scrapes many times would reach the port's limit of connections per client address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @Test
    void theWholeSubjectTreeIsAUsageError() {
        CliRun r = CliRun.run("tally", "--component", ">").assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("error: --component: component '>' is not allowed: use '*' to tally every component");
    }

    @Test
    void badDurationsAreUsageErrors() {
        CliRun r = CliRun.run("tally", "--expire-after", "80x").assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("error: --expire-after: invalid duration '80x': unknown unit 'x'");
        CliRun tiny = CliRun.run("tally", "--expire-after", "5ms").assertCleanErrors();
        assertThat(tiny.stderr()).startsWith("error: --expire-after: expire-after must be between 1s and 720h, got 5ms");
    }

    /**
     * The trial: the broker comes up 5 s after the tally. The reference waits for it; so
     * does this one, in the same process, serving its health meanwhile, and then counts.
     */
    @Test
    void aTallyStartedFiveSecondsBeforeItsBrokerCountsWithoutARestart() throws Exception {
        int natsPort = NatsServerProcess.freePort();
        int httpPort = NatsServerProcess.freePort();
        long started = System.nanoTime();
        try (CliProcess tally = CliProcess.start(Map.of(), "tally", "--server", "nats://127.0.0.1:" + natsPort,
                "--port", Integer.toString(httpPort), "--bind", "127.0.0.1", "--no-replay")) {
            Poll.until(Duration.ofSeconds(30), () -> get(httpPort, "/-/ready").contains("waiting for a broker")
                    || !tally.isAlive(), tally::output);
            assertThat(get(httpPort, "/-/healthy")).isEqualTo("200 Healthy.\n");
            // the broker's 5 s late: the tally keeps waiting, not ready, until then
            Poll.until(Duration.ofSeconds(30), () -> {
                assertThat(tally.isAlive()).as(tally::output).isTrue();
                assertThat(get(httpPort, "/-/ready")).startsWith("503 Not ready: waiting for a broker (attempt ")
                        .endsWith("cannot connect to nats://127.0.0.1:" + natsPort + ": connection refused\n");
                return System.nanoTime() - started >= TimeUnit.SECONDS.toNanos(5);
            }, tally::output);
            try (NatsServerProcess broker = NatsServerProcess.builder().port(natsPort).start();
                 Connection c = Nats.connect(broker.url())) {
                Poll.until(Duration.ofSeconds(30), () -> tally.output().contains("tally: serving") || !tally.isAlive(),
                        tally::output);
                LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                        EventOption.identity("late1"), EventOption.version("1.0"));
                c.publish(alive.target(), Lifecycle.toJson(alive));
                c.flush(Duration.ofSeconds(5));
                Poll.until(Duration.ofSeconds(15), () -> scrape(httpPort).contains(
                        "choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"} 1\n"), tally::output);
                assertThat(get(httpPort, "/-/ready")).isEqualTo("200 Ready.\n");
                assertThat(tally.output().lines().filter(l -> l.contains("WARN")))
                        .as("one line for the wait, none per attempt").singleElement().asString()
                        .contains("Waiting for a broker, trying again until one answers: cannot connect to");
                tally.signal("TERM");
                assertThat(tally.waitFor(15)).as(tally::output).isZero();
            }
        }
    }

    @Test
    void aStopWhileWaitingForTheBrokerExitsZero() throws Exception {
        try (CliProcess tally = CliProcess.start(Map.of(), "tally", "--server", "nats://127.0.0.1:"
                + NatsServerProcess.freePort(), "--port", "0", "--bind", "127.0.0.1")) {
            Poll.until(Duration.ofSeconds(30), () -> tally.output().contains("Waiting for a broker") || !tally.isAlive(),
                    tally::output);
            tally.signal("TERM");
            assertThat(tally.waitFor(15)).as(tally::output).isZero();
            assertThat(tally.output()).doesNotContain("error:").doesNotContain("Exception");
        }
    }

    /** What only the operator can fix ends the tally at once with 78, which the unit does not restart on. */
    @Test
    void aConfigurationThatCannotBeUsedIsExit78() throws Exception {
        CliRun missing = CliRun.run("tally", "--config", "/nonexistent/choria.conf").assertCleanErrors();
        assertThat(missing.exitCode()).isEqualTo(78);
        assertThat(missing.stderrLines()).containsExactly("error: cannot read Choria configuration"
                + " /nonexistent/choria.conf: no such file");
        CliRun tlsFile = CliRun.run("tally", "--server", "nats://127.0.0.1:1", "--tls-cert", "/nonexistent/t.pem",
                "--tls-key", "/nonexistent/t.key", "--tls-ca", "/nonexistent/ca.pem").assertCleanErrors();
        assertThat(tlsFile.exitCode()).isEqualTo(78);
        assertThat(tlsFile.stderrLines()).containsExactly("error: TLS certificate /nonexistent/t.pem does not exist or"
                + " is not readable");
        CliRun webConfig = CliRun.run("tally", "--server", "nats://127.0.0.1:1", "--web.config.file",
                "/nonexistent/web.yml").assertCleanErrors();
        assertThat(webConfig.exitCode()).isEqualTo(78);
        CliRun oneShot = CliRun.run("view", "--config", "/nonexistent/choria.conf").assertCleanErrors();
        assertThat(oneShot.exitCode()).as("every command's configuration error").isEqualTo(78);
    }

    /** Two tallies on one port (ours and the reference's both default to 8080): the second says so at once. */
    @Test
    void aPortInUseIsAClearErrorBeforeWaitingForAnyBroker() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.run("tally", "--server", "nats://127.0.0.1:" + NatsServerProcess.freePort(), "--bind",
                    "127.0.0.1", "--port", Integer.toString(taken.getLocalPort())).assertCleanErrors();
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderrLines()).containsExactly("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use");
        }
    }

    @Test
    void tallyVersionPrintsTheVersionAsTheReferenceDoes() {
        CliRun r = CliRun.run("tally", "--version").assertCleanErrors();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("choria-lifecycle " + CliVersion.version() + "\n");
    }

    /** The reference with --component= warns and counts machine events only; --prefix= is lifecycle_tally there. */
    @Test
    void anEmptyComponentAndPrefixAreTheReferencesMachineOnlyTally() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(); Connection c = Nats.connect(server.url())) {
            int port = NatsServerProcess.freePort();
            try (CliProcess tally = CliProcess.start(Map.of(), "tally", "--component=", "--prefix=", "--server",
                    server.url(), "--port", Integer.toString(port), "--bind", "127.0.0.1")) {
                Poll.until(Duration.ofSeconds(30), () -> tally.output().contains("tally: serving") || !tally.isAlive(),
                        tally::output);
                assertThat(tally.output()).contains("No component to tally: lifecycle events are not counted")
                        .contains("--prefix is empty: the metrics are named lifecycle_tally_*");
                LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                        EventOption.identity("n1"), EventOption.version("1.0"));
                c.publish(alive.target(), Lifecycle.toJson(alive));
                c.publish(MachineEvents.TRANSITION_SUBJECT, MachineEventWriter.transition(new MachineEvents.Origin(
                        "e1", "n1", "i1", "deploy", "1", 1_700_000_000L), "go", "a", "b"));
                c.flush(Duration.ofSeconds(5));
                Poll.until(Duration.ofSeconds(15), () -> scrape(port).contains("lifecycle_tally_machine_transition{"),
                        () -> scrape(port) + tally.output());
                assertThat(scrape(port)).doesNotContain("lifecycle_tally_good_events{").doesNotContain("choria_tally_");
            }
        }
    }

    /** Status and body of a GET, e.g. {@code 503 Not ready: ...}; {@code -1} when nothing answers. */
    private static String get(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "-1 " + e;
        }
    }

    @Test
    void servesTheTallyUntilStopped() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(); Connection c = Nats.connect(server.url())) {
            int port = NatsServerProcess.freePort();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
            CommandLine cl = ChoriaLifecycle.commandLine(new ByteArrayInputStream(new byte[0]),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), errStream);
            TallyCommand command = cl.getSubcommands().get("tally").getCommand();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ChoriaLifecycle.execute(cl, errStream,
                    "tally", "--server", server.url(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--component", "server"));
            String body = "";
            boolean published = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!body.contains("choria_tally_good_events{active=\"1\",component=\"server\"} 1\n")) {
                assertThat(System.nanoTime()).as("scrape in time; stderr: " + err).isLessThan(deadline);
                LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                        EventOption.identity("n1"), EventOption.version("1.0"));
                if (!published && err.toString().contains("serving")) {
                    published = true;
                    c.publish(alive.target(), Lifecycle.toJson(alive));
                    c.flush(Duration.ofSeconds(1));
                }
                Thread.sleep(50);
                body = scrape(port);
            }
            // the tally's counters under their own names, as the reference writes them; client_java's
            // jvm_* and process_* counters (since the command serves them) keep their _total
            assertThat(body).contains("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"} 1\n")
                    .contains("choria_tally_good_events{active=\"1\",component=\"server\"} 1\n")
                    .doesNotContainPattern("(?m)^(# TYPE )?choria_tally_\\w*_total").contains("process_cpu_seconds_total ");
            command.stop();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aLeaderAnnouncesLostOnSigtermAndExitsZero() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream();
             CliProcess tally = CliProcess.start(Map.of(), "tally", "--server", server.url(), "--port", "0",
                     "--bind", "127.0.0.1", "--election", "tally-test", "--no-replay")) {
            Poll.until(Duration.ofSeconds(20), () -> tally.output().contains("Became leader of campaign tally-test")
                    || !tally.isAlive(), tally::output);
            tally.signal("TERM");
            assertThat(tally.waitFor(15)).as(tally::output).isZero();
            assertThat(tally.output()).contains("Lost leadership of campaign tally-test on shutdown")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void ctrlCStopsTheTallyCleanlyToo() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start();
             CliProcess tally = CliProcess.start(Map.of(), "tally", "--server", server.url(), "--port", "0",
                     "--bind", "127.0.0.1")) {
            Poll.until(Duration.ofSeconds(20), () -> tally.output().contains("tally: serving") || !tally.isAlive(),
                    tally::output);
            tally.signal("INT");
            assertThat(tally.waitFor(15)).as(tally::output).isZero();
        }
    }

    @Test
    void anInvalidPrefixIsAUsageError() {
        CliRun r = CliRun.run("tally", "--prefix", "9lives", "--server", "nats://127.0.0.1:1").assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).containsExactly("error: --prefix: invalid prefix '9lives': use letters, digits,"
                + " _ and :, not starting with a digit", "Try 'choria-lifecycle tally --help' for more information.");
    }

    private static String scrape(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
