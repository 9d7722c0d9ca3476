package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.testing.NatsJwtAuth;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers that require NATS authentication, reached from a Choria client configuration file alone
 * ({@code plugin.nats.user}, {@code plugin.nats.pass}, {@code plugin.nats.credentials}).
 */
class ChoriaConfigAuthTest {
    @TempDir
    Path dir;

    private Path config(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name + ".conf"), text);
    }

    @Test
    void userAndPasswordOfTheConfigurationOverTlsAsAChoriaBrokerWants() throws Exception {
        TestPki site = TestPki.create(dir, "site");
        Path[] broker = site.issueServer("broker");
        Path[] client = site.issueClient("tally.mcollective", KeyEncoding.PKCS8_RSA);
        try (NatsServerProcess server = NatsServerProcess.start(false, "tls {\n  cert_file: \"" + broker[0]
                + "\"\n  key_file: \"" + broker[1] + "\"\n  ca_file: \"" + site.caFile() + "\"\n  verify: true\n}\n"
                + "authorization {\n  user: tally\n  password: \"s3cret\"\n}")) {
            String common = """
                    plugin.choria.middleware_hosts = 127.0.0.1:%d
                    plugin.security.provider = file
                    plugin.security.file.certificate = %s
                    plugin.security.file.key = %s
                    plugin.security.file.ca = %s
                    plugin.nats.user = tally
                    """.formatted(server.port(), client[0], client[1], site.caFile());
            ChoriaConfig good = ChoriaConfig.load(config("good", common + "plugin.nats.pass = s3cret\n"))
                    .withEnvironment(Map.of());
            assertPublishesAndReceives(ConnectionSettings.fromChoriaConfig(good));

            ChoriaConfig wrong = ChoriaConfig.load(config("wrong", common + "plugin.nats.pass = guess\n"))
                    .withEnvironment(Map.of());
            assertThatThrownBy(() -> NatsConnector.connect(ConnectionSettings.fromChoriaConfig(wrong)))
                    .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                    .hasMessageContaining("Authorization Violation")
                    .hasMessageNotContaining("guess");
        }
    }

    @Test
    void aCredsFileOfTheConfigurationAgainstABrokerInOperatorMode() throws Exception {
        NatsJwtAuth auth = NatsJwtAuth.create();
        try (NatsServerProcess server = NatsServerProcess.start(false, auth.serverConfig())) {
            Path creds = auth.writeUserCredentials(dir.resolve("tally.creds"), "tally");
            ChoriaConfig withCreds = ChoriaConfig.load(config("creds", """
                    plugin.choria.middleware_hosts = 127.0.0.1:%d
                    plugin.nats.credentials = %s
                    """.formatted(server.port(), creds))).withEnvironment(Map.of());
            assertPublishesAndReceives(ConnectionSettings.fromChoriaConfig(withCreds, false));

            ChoriaConfig without = ChoriaConfig.load(config("none", "plugin.choria.middleware_hosts = 127.0.0.1:"
                    + server.port() + "\n")).withEnvironment(Map.of());
            assertThatThrownBy(() -> NatsConnector.connect(ConnectionSettings.fromChoriaConfig(without, false)))
                    .as("the broker does require the JWT")
                    .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
        }
    }

    private static void assertPublishesAndReceives(ConnectionSettings settings) throws Exception {
        List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
        try (Connection c = NatsConnector.connect(settings);
             EventSubscription sub = EventSubscription.subscribe(c, EventFilter.ALL, received::add)) {
            LifecycleEvent e = Lifecycle.newEvent("alive", EventOption.component("server"),
                    EventOption.identity("authed-node"), EventOption.version("1"));
            EventPublisher.publishAndWait(c, e, Duration.ofSeconds(5));
            Poll.until(() -> received.size() == 1, received::toString);
            assertThat(received.get(0).event()).isEqualTo(e);
            assertThat(sub.delivered()).isEqualTo(1);
        }
    }
}
