package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.ChoriaLifecycle;
import io.choria.lifecycle.cli.CliProcess;
import io.choria.lifecycle.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
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

    @Test
    void anUnreachableBrokerIsAOneLineError() {
        CliRun r = CliRun.run("tally", "--server", "nats://127.0.0.1:" + NatsServerProcess.freePort(), "--port", "0")
                .assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderrLines()).singleElement().asString().startsWith("error: ").contains("127.0.0.1");
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
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
