package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with client certificates against nats-server started with {@code verify: true} (--tlsverify). */
class TlsConnectionTest {
    @TempDir
    static Path dir;
    private static final String UTC_TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC";
    private static TestPki site;
    private static NatsServerProcess server;

    @BeforeAll
    static void startTlsServer() {
        site = TestPki.create(dir, "site");
        Path[] broker = site.issueServer("broker");
        server = NatsServerProcess.start(false, "tls {\n  cert_file: \"" + broker[0] + "\"\n  key_file: \"" + broker[1]
                + "\"\n  ca_file: \"" + site.caFile() + "\"\n  verify: true\n  timeout: 2\n}");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Path choriaConfig(String name, Path[] client, Path ca, String host) throws Exception {
        Path f = dir.resolve(name + ".conf");
        Files.writeString(f, """
                # written by the test as an operator would
                plugin.choria.middleware_hosts = %s:%d
                plugin.security.provider = file
                plugin.security.file.certificate = %s
                plugin.security.file.key = %s
                plugin.security.file.ca = %s
                """.formatted(host, server.port(), client[0], client[1], ca));
        return f;
    }

    @Test
    void clientConnectsThroughAChoriaConfigFileWithTheFileProvider() throws Exception {
        Path[] client = site.issueClient("alice.mcollective", KeyEncoding.PKCS1_RSA);
        ConnectionSettings settings = ConnectionSettings.fromChoriaConfig(
                ChoriaConfig.load(choriaConfig("good", client, site.caFile(), "127.0.0.1")));
        List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
        try (Connection c = NatsConnector.connect(settings);
             EventSubscription sub = EventSubscription.subscribe(c, EventFilter.ALL, received::add)) {
            assertThat(c.getServerInfo().isTLSRequired()).isTrue();
            LifecycleEvent e = Lifecycle.newEvent("startup", EventOption.component("server"),
                    EventOption.identity("tls-node"), EventOption.version("1"));
            EventPublisher.publishAndWait(c, e, Duration.ofSeconds(5));
            Poll.until(() -> received.size() == 1, received::toString);
            assertThat(received.get(0).event()).isEqualTo(e);
            assertThat(sub.delivered()).isEqualTo(1);
        }
    }

    @Test
    void pkcs8AndEcKeysWorkTooAndTheHostNameLocalhostMatches() throws Exception {
        for (KeyEncoding encoding : List.of(KeyEncoding.PKCS8_RSA, KeyEncoding.SEC1_EC)) {
            Path[] client = site.issueClient("bob-" + encoding, encoding);
            ConnectionSettings settings = ConnectionSettings.builder().server("localhost:" + server.port())
                    .tls(client[0], client[1], site.caFile()).build();
            try (Connection c = NatsConnector.connect(settings)) {
                assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedAtOnceWithAClearError() throws Exception {
        TestPki other = TestPki.create(dir, "other");
        Path[] stranger = other.issueClient("mallory", KeyEncoding.PKCS1_RSA);
        ConnectionSettings settings = ConnectionSettings.fromChoriaConfig(
                ChoriaConfig.load(choriaConfig("stranger", stranger, site.caFile(), "127.0.0.1")))
                .toBuilder().connectTimeout(Duration.ofSeconds(60)).build();
        // the broker drops the connection at once: not waiting out the 60 s connect timeout is the behaviour
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                .hasMessageStartingWith("cannot connect to nats://127.0.0.1:" + server.port() + ": the broker ")
                // refused with an alert, or (when it hangs up on our handshake flight) dropped the connection
                .hasMessageMatching(".*(refused|most likely it refused) the TLS client certificate "
                        + Pattern.quote(stranger[0].toString()) + "; is it signed by the broker's CA\\?.*")
                .hasMessageNotContaining("\n"));
        assertThat(Thread.currentThread().isInterrupted()).as("the caller's thread is left as it was").isFalse();
    }

    @Test
    void anExpiredClientCertificateIsNamedBeforeConnecting() {
        Path[] old = site.issueExpiredClient("olivia");
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url())
                .tls(old[0], old[1], site.caFile()).build();
        assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOf(LifecycleException.class)
                .hasMessageMatching("the TLS certificate " + Pattern.quote(old[0].toString())
                        + " \\(CN=olivia\\) expired on " + UTC_TIME + "; the broker refuses it, renew it");
    }

    @Test
    void aBrokerCertificateFromAnUnknownCaIsRefusedNamingTheCaFile() throws Exception {
        TestPki other = TestPki.create(dir, "elsewhere");
        Path[] client = site.issueClient("carol", KeyEncoding.PKCS1_RSA);
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url())
                .tls(client[0], client[1], other.caFile()).build();
        assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                .hasMessage("cannot connect to " + server.url() + ": the broker's TLS certificate CN=broker"
                        + " (issued by CN=site test CA) does not chain to the CA in " + other.caFile()
                        + "; is that the site's CA?");
    }

    @Test
    void anExpiredBrokerCertificateIsCalledExpired() throws Exception {
        Path[] broker = site.issueExpiredServer("stale-broker");
        Path[] client = site.issueClient("heidi", KeyEncoding.PKCS1_RSA);
        try (NatsServerProcess stale = NatsServerProcess.start(false, tlsBlock(broker))) {
            ConnectionSettings settings = ConnectionSettings.builder().server(stale.url())
                    .tls(client[0], client[1], site.caFile()).build();
            assertThatThrownBy(() -> NatsConnector.connect(settings))
                    .isInstanceOf(LifecycleException.class)
                    .hasMessageMatching("cannot connect to " + Pattern.quote(stale.url()) + ": the broker's TLS"
                            + " certificate CN=stale-broker expired on " + UTC_TIME + "; the broker needs a new certificate");
        }
    }

    private static String tlsBlock(Path[] broker) {
        return "tls {\n  cert_file: \"" + broker[0] + "\"\n  key_file: \"" + broker[1] + "\"\n  ca_file: \""
                + site.caFile() + "\"\n  verify: true\n}";
    }

    @Test
    void missingTlsFilesAreNamed() {
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url())
                .tls(dir.resolve("none.pem"), dir.resolve("none-key.pem"), site.caFile()).build();
        assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("TLS certificate " + dir.resolve("none.pem") + " does not exist or is not readable");
    }

    @Test
    void aPlainClientIsToldTheBrokerRequiresTls() {
        ConnectionSettings plain = ConnectionSettings.builder().server(server.url()).build();
        assertThatThrownBy(() -> NatsConnector.connect(plain))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                .hasMessage("cannot connect to " + server.url() + ": the broker requires TLS,"
                        + " but no TLS certificate, key and CA are configured");
    }

    @Test
    void aTlsClientIsToldTheBrokerDoesNotOfferTls() {
        Path[] client = site.issueClient("grace", KeyEncoding.PKCS1_RSA);
        try (NatsServerProcess plain = NatsServerProcess.start()) {
            ConnectionSettings settings = ConnectionSettings.builder().server(plain.url())
                    .tls(client[0], client[1], site.caFile()).build();
            assertThatThrownBy(() -> NatsConnector.connect(settings))
                    .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                    .hasMessage("cannot connect to " + plain.url() + ": TLS is configured, but the broker does not offer it");
        }
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsNamed() {
        // otherwise the broker refuses the handshake and the user is left guessing why
        Path[] erin = site.issueClient("erin", KeyEncoding.PKCS1_RSA);
        Path[] frank = site.issueClient("frank", KeyEncoding.SEC1_EC);
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url())
                .tls(erin[0], frank[1], site.caFile()).build();
        assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("the TLS key " + frank[1] + " does not belong to the certificate " + erin[0]);
    }
}
