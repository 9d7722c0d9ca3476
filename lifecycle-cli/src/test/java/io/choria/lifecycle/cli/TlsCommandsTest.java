package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
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

/** view through a Choria configuration file and publish with --tls-* flags, against a --tlsverify broker. */
class TlsCommandsTest {
    @TempDir
    Path dir;

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return ChoriaLifecycle.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void viewWithAChoriaConfigSeesWhatPublishSendsWithTlsFlags() throws Exception {
        TestPki pki = TestPki.create(dir, "site");
        // as Choria and Puppet issue them: the broker's DNS name only, no IP address
        Path[] broker = pki.issueServerWith("broker", List.of("localhost"), List.of());
        Path[] viewer = pki.issueClient("viewer.mcollective", KeyEncoding.PKCS1_RSA);
        Path[] publisher = pki.issueClient("publisher", KeyEncoding.SEC1_EC);
        try (NatsServerProcess server = NatsServerProcess.start(false, "tls {\n  cert_file: \"" + broker[0]
                + "\"\n  key_file: \"" + broker[1] + "\"\n  ca_file: \"" + pki.caFile() + "\"\n  verify: true\n}")) {
            Path conf = dir.resolve("client.conf");
            Files.writeString(conf, "plugin.choria.middleware_hosts = localhost:" + server.port()
                    + "\nplugin.security.provider = file\nplugin.security.file.certificate = " + viewer[0]
                    + "\nplugin.security.file.key = " + viewer[1] + "\nplugin.security.file.ca = " + pki.caFile() + "\n");

            ByteArrayOutputStream viewOut = new ByteArrayOutputStream();
            ByteArrayOutputStream viewErr = new ByteArrayOutputStream();
            AtomicInteger viewExit = new AtomicInteger(-1);
            Thread view = new Thread(() -> viewExit.set(run(viewOut, viewErr, "view", "--config", conf.toString())));
            view.start();
            Poll.until(() -> viewOut.toString(StandardCharsets.UTF_8).contains("Waiting"),
                    () -> viewOut.toString(StandardCharsets.UTF_8) + viewErr.toString(StandardCharsets.UTF_8));

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = run(new ByteArrayOutputStream(), err, "publish", "--type", "upgraded", "--component", "server",
                    "--identity", "n9", "--version", "1.0", "--new-version", "2.0",
                    "--server", "nats://localhost:" + server.port(),
                    "--tls-cert", publisher[0].toString(), "--tls-key", publisher[1].toString(),
                    "--tls-ca", pki.caFile().toString());
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();

            // the same broker by address: its certificate does not hold the address
            ByteArrayOutputStream byAddress = new ByteArrayOutputStream();
            assertThat(run(new ByteArrayOutputStream(), byAddress, "publish", "--type", "alive", "--component",
                    "server", "--identity", "n9", "--version", "2.0", "--server", "nats://127.0.0.1:" + server.port(),
                    "--tls-cert", publisher[0].toString(), "--tls-key", publisher[1].toString(),
                    "--tls-ca", pki.caFile().toString())).isEqualTo(1);
            assertThat(byAddress.toString(StandardCharsets.UTF_8)).isEqualTo("error: cannot connect to nats://127.0.0.1:"
                    + server.port() + ": the broker's TLS certificate CN=broker is for DNS:localhost, not for 127.0.0.1;"
                    + " connect by a name the certificate holds, or give the broker a certificate for this one\n");

            Poll.until(() -> viewOut.toString(StandardCharsets.UTF_8).contains("[upgraded] n9"),
                    () -> viewOut.toString(StandardCharsets.UTF_8));
            view.interrupt();
            view.join(10_000);
            assertThat(viewExit.get()).isZero();
            assertThat(viewOut.toString(StandardCharsets.UTF_8)).startsWith(
                    "Waiting for events from topic choria.lifecycle.event.> on nats://localhost:" + server.port() + "\n");

            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            assertThat(run(new ByteArrayOutputStream(), partial, "publish", "--type", "shutdown", "--component", "s",
                    "--identity", "x", "--server", server.url(), "--tls-cert", publisher[0].toString())).isEqualTo(2);
            assertThat(partial.toString(StandardCharsets.UTF_8))
                    .isEqualTo("error: --tls-cert, --tls-key and --tls-ca must be given together\n"
                            + "Try 'choria-lifecycle publish --help' for more information.\n");
        }
    }
}
