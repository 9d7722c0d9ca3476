package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.nats.testing.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
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
            assertThat(body).contains("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"} 1\n")
                    .doesNotContain("_total");
            command.stop();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aLeaderAnnouncesLostOnSigterm() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream()) {
            Path log = Files.createTempFile("tally", ".log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, ChoriaLifecycle.class.getName(), "tally", "--server", server.url(),
                    "--port", "0", "--bind", "127.0.0.1", "--election", "tally-test", "--no-replay"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.readString(log).contains("Became leader of campaign tally-test")) {
                    assertThat(System.nanoTime()).as("leadership in time:\n" + Files.readString(log)).isLessThan(deadline);
                    assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                    Thread.sleep(100);
                }
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
                String output = Files.readString(log);
                assertThat(output).contains("Lost leadership of campaign tally-test on shutdown")
                        .doesNotContain("Exception");
                assertThat(p.exitValue()).isEqualTo(143);
            } finally {
                p.destroyForcibly();
                new File(log.toString()).delete();
            }
        }
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
