package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish} and {@code view} in-process against a real nats-server. */
class NetworkCommandsTest {
    @TempDir
    Path dir;

    /** One in-process run of the command line, capturing stdout and stderr. */
    private static final class Run {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicInteger exit = new AtomicInteger(-1);
        Thread thread;

        static Run now(String... args) {
            Run r = new Run();
            r.exit.set(r.execute(args));
            return r;
        }

        static Run inBackground(String... args) {
            Run r = new Run();
            r.thread = new Thread(() -> r.exit.set(r.execute(args)), "cli-" + args[0]);
            r.thread.start();
            return r;
        }

        int execute(String... args) {
            return ChoriaLifecycle.run(new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    args);
        }

        List<String> lines() {
            String s = out.toString(StandardCharsets.UTF_8);
            return s.isEmpty() ? List.of() : List.of(s.split("\n"));
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            return exit.get();
        }
    }

    private static String[] publishArgs(String server, String identity, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("publish", "--type", "startup", "--component", "server",
                "--identity", identity, "--version", "1.0", "--server", server));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void publishedEventsShowInTheViewerWithFilters() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start()) {
            Run all = Run.inBackground("view", "--server", server.url());
            Run json = Run.inBackground("view", "--server", server.url(), "--json", "--type", "startup",
                    "--component", "server");
            Poll.until(() -> all.lines().size() == 1 && json.lines().size() == 1, () -> all.lines() + " " + all.err());
            assertThat(all.lines().get(0)).isEqualTo("Waiting for events from topic choria.lifecycle.event.> on "
                    + server.url());

            Run published = Run.now(publishArgs(server.url(), "n1"));
            assertThat(published.exit.get()).as(published.err()).isZero();
            assertThat(published.lines()).isEmpty();
            Run choria = Run.now("publish", "--type", "shutdown", "--component", "server", "--identity", "n2",
                    "--format", "choria", "--server", server.url());
            assertThat(choria.exit.get()).as(choria.err()).isZero();

            Poll.until(() -> all.lines().size() == 3 && json.lines().size() == 2, () -> all.lines() + " " + json.lines());
            assertThat(all.lines().get(1)).matches("\\d\\d:\\d\\d:\\d\\d \\[startup\\] n1: server version 1.0");
            assertThat(all.lines().get(2)).matches("\\d\\d:\\d\\d:\\d\\d \\[shutdown\\] n2: server");
            LifecycleEvent e = Lifecycle.fromJson(json.lines().get(1).getBytes(StandardCharsets.UTF_8));
            assertThat(e.identity()).isEqualTo("n1");
            assertThat(e.format()).isEqualTo(WireFormat.CHORIA);

            assertThat(all.stop()).isZero();
            assertThat(json.stop()).isZero();
            assertThat(all.err()).isEmpty();
        }
    }

    @Test
    void publishWithoutABrokerFailsWithOneLine() {
        int port = NatsServerProcess.freePort();
        Run r = Run.now(publishArgs("nats://127.0.0.1:" + port, "n1", "--timeout", "3s"));
        assertThat(r.exit.get()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: cannot connect to nats://127.0.0.1:" + port + ": connection refused\n");
    }

    @Test
    void publishToABrokerThatNeverAnswersGivesUpAtTheTimeout() throws Exception {
        // a listening socket that never speaks NATS: the connect must give up within --timeout
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = Run.now(publishArgs("nats://127.0.0.1:" + silent.getLocalPort(), "n1", "--timeout", "1s"));
            assertThat(r.exit.get()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: cannot connect to nats://127.0.0.1:" + silent.getLocalPort())
                    .hasLineCount(1);
        }
    }

    @Test
    void publishToSeveralSilentBrokersStillGivesUpWithinTheTimeout() throws Exception {
        // --timeout bounds the whole attempt, not each server's: three silent servers must not take 3 x 2 s
        givesUpWithinTheTimeoutAgainstThreeSilentBrokers(servers -> publishArgs(servers, "n1", "--timeout", "2s"));
    }

    @Test
    void viewGivesUpConnectingAtItsTimeoutForAllServersTogether() throws Exception {
        // the old 5 s per server took 15.6 s for three
        givesUpWithinTheTimeoutAgainstThreeSilentBrokers(servers -> new String[] {"view", "--server", servers,
                "--timeout", "2s"});
    }

    /** Runs the command {@code args} makes of three listening but silent servers; a 2 s timeout must hold. */
    private static void givesUpWithinTheTimeoutAgainstThreeSilentBrokers(
            java.util.function.Function<String, String[]> args) throws Exception {
        java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
        try (java.net.ServerSocket a = new java.net.ServerSocket(0, 1, loopback);
             java.net.ServerSocket b = new java.net.ServerSocket(0, 1, loopback);
             java.net.ServerSocket c = new java.net.ServerSocket(0, 1, loopback)) {
            String servers = "nats://127.0.0.1:" + a.getLocalPort() + ",nats://127.0.0.1:" + b.getLocalPort()
                    + ",nats://127.0.0.1:" + c.getLocalPort();
            Run r = Run.now(args.apply(servers));
            assertThat(r.exit.get()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: cannot connect to ").hasLineCount(1);
            // that the timeout is shared out (2 s / 3 per server, not 2 s each) is checked where it is
            // computed, without a wall clock: ConnectionOptionsTest.aTimeoutIsSharedOutBetweenTheServers
        }
    }

    @Test
    void viewStopsOnSigtermAndExitsZero() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start();
             CliProcess view = CliProcess.start(java.util.Map.of(), "view", "--server", server.url())) {
            Poll.until(() -> view.output().contains("Waiting for events") || !view.isAlive(), view::output);
            view.signal("TERM");
            assertThat(view.waitFor(15)).as(view::output).isZero();
        }
    }

    @Test
    void theClientConfigurationIsFoundUnderHomeAsTheChoriaCliFindsIt() throws Exception {
        // ~ is $HOME, not the passwd file's home directory that Java's user.home reports
        Path home = Files.createDirectories(dir.resolve("operator-home"));
        TestPki pki = TestPki.create(dir, "home");
        Path[] broker = pki.issueServer("broker");
        Path[] client = pki.issueClient("operator.mcollective", TestPki.KeyEncoding.PKCS8_RSA);
        try (NatsServerProcess server = NatsServerProcess.start(false, "tls {\n  cert_file: \"" + broker[0]
                + "\"\n  key_file: \"" + broker[1] + "\"\n  ca_file: \"" + pki.caFile() + "\"\n  verify: true\n}");
             Connection watcher = NatsConnector.connect(ConnectionSettings.builder().server(server.url())
                     .tls(client[0], client[1], pki.caFile()).build())) {
            Files.writeString(home.resolve(".choriarc"), "plugin.choria.middleware_hosts = localhost:" + server.port()
                    + "\nplugin.security.provider = file\nplugin.security.file.certificate = " + client[0]
                    + "\nplugin.security.file.key = " + client[1] + "\nplugin.security.file.ca = " + pki.caFile() + "\n");
            io.nats.client.Subscription sub = watcher.subscribe("choria.lifecycle.event.>");
            watcher.flush(java.time.Duration.ofSeconds(2));
            try (CliProcess publish = CliProcess.start(java.util.Map.of("HOME", home.toString()), "publish",
                    "--type", "alive", "--component", "server", "--identity", "from-home", "--version", "1")) {
                assertThat(publish.waitFor(30)).as(publish::output).isZero();
            }
            io.nats.client.Message m = sub.nextMessage(java.time.Duration.ofSeconds(5));
            assertThat(m).isNotNull();
            assertThat(Lifecycle.fromJson(m.getData()).identity()).isEqualTo("from-home");
        }
    }

    @Test
    void viewSinceReplaysTheStreamThenGoesOnLive() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream();
             Connection admin = Nats.connect(server.url())) {
            admin.jetStreamManagement().addStream(StreamConfiguration.builder().name("CHORIA_EVENTS")
                    .subjects("choria.lifecycle.>").build());
            assertThat(Run.now(publishArgs(server.url(), "earlier")).exit.get()).isZero();

            Run view = Run.inBackground("view", "--since", "2h", "--server", server.url());
            Poll.until(() -> view.lines().size() == 2, () -> view.lines() + " " + view.err());
            assertThat(Run.now(publishArgs(server.url(), "later")).exit.get()).isZero();
            Poll.until(() -> view.lines().size() == 3, () -> view.lines() + " " + view.err());
            assertThat(view.lines().get(1)).endsWith(" [startup] earlier: server version 1.0");
            assertThat(view.lines().get(2)).endsWith(" [startup] later: server version 1.0");
            assertThat(view.stop()).isZero();
        }
    }

    @Test
    void viewSinceWithoutTheStreamIsAClearError() {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream()) {
            Run r = Run.now("view", "--since", "30m", "--server", server.url());
            assertThat(r.exit.get()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("error: the JetStream stream CHORIA_EVENTS does not exist on " + server.url()
                    + "\n");
            assertThat(r.out.toString(StandardCharsets.UTF_8)).as("no waiting line before the error").isEmpty();
        }
    }

    @Test
    void viewRejectsAnUnknownTypeAndABadDuration() {
        Run type = Run.now("view", "--type", "bogus", "--server", "nats://127.0.0.1:1");
        assertThat(type.exit.get()).isEqualTo(2);
        assertThat(type.err()).startsWith("error: --type: unknown event type 'bogus', valid types are alive,");
        Run since = Run.now("view", "--since", "yesterday", "--server", "nats://127.0.0.1:1");
        assertThat(since.exit.get()).isEqualTo(2);
        assertThat(since.err()).contains("invalid duration 'yesterday'");
    }

    @Test
    void connectionComesFromAChoriaConfigFile() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start()) {
            Path conf = dir.resolve("client.conf");
            Files.writeString(conf, "plugin.choria.middleware_hosts = 127.0.0.1:" + server.port()
                    + "\nplugin.security.provider = file\nplugin.security.file.certificate = " + dir.resolve("c.pem")
                    + "\nplugin.security.file.key = k\nplugin.security.file.ca = ca\n");
            // the file provider's certificate is missing: the error names it, proving the file was used
            Run r = Run.now("publish", "--type", "alive", "--component", "server", "--identity", "x", "--version", "1",
                    "--config", conf.toString());
            assertThat(r.err()).isEqualTo("error: TLS certificate " + dir.resolve("c.pem")
                    + " does not exist or is not readable: " + conf + " names it for the file security provider"
                    + " (plugin.security.file.certificate, .key, .ca); correct the path or the file's permissions\n");
        }
    }

    @Test
    void helpListsTheConnectionFlags() {
        Run r = Run.now("publish", "--help");
        assertThat(r.exit.get()).isZero();
        assertThat(r.out.toString(StandardCharsets.UTF_8)).contains("--config", "--server", "--tls-cert", "--tls-key",
                "--tls-ca", "--creds", "--timeout");
    }
}
