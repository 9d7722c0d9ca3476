package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Choria configuration as go-choria reads it, used against real brokers: root's puppet
 * certificate {@code root.mcollective} where Puppet says, {@code ~} in the paths, and brokers
 * named only in {@code plugin.d/choria.cfg}. Each case connects and carries an event.
 */
class ChoriaConfigOnABrokerTest {
    @TempDir
    static Path dir;
    private static TestPki site;
    private static NatsServerProcess tlsBroker;

    @BeforeAll
    static void startTlsBroker() {
        site = TestPki.create(dir, "site");
        Path[] broker = site.issueServer("broker");
        tlsBroker = NatsServerProcess.start(false, "tls {\n  cert_file: \"" + broker[0] + "\"\n  key_file: \""
                + broker[1] + "\"\n  ca_file: \"" + site.caFile() + "\"\n  verify: true\n  timeout: 2\n}");
    }

    @AfterAll
    static void stop() {
        tlsBroker.close();
    }

    /** The puppet provider as root: the certname is root.mcollective in the ssldir Puppet prints, as go-choria. */
    @Test
    void rootWithThePuppetProviderUsesRootMcollectiveWherePuppetKeepsIt() throws Exception {
        Path ssl = dir.resolve("puppet-ssl");
        Files.createDirectories(ssl.resolve("certs"));
        Files.createDirectories(ssl.resolve("private_keys"));
        Path[] root = site.issueClient("root.mcollective", KeyEncoding.PKCS1_RSA);
        Files.copy(root[0], ssl.resolve("certs/root.mcollective.pem"));
        Files.copy(root[1], ssl.resolve("private_keys/root.mcollective.pem"));
        Files.copy(site.caFile(), ssl.resolve("certs/ca.pem"));
        // a node's own certificate beside it, which root used to be given instead
        Path[] node = site.issueClient("node1.example.net", KeyEncoding.PKCS1_RSA);
        Files.copy(node[0], ssl.resolve("certs/node1.example.net.pem"));
        Files.copy(node[1], ssl.resolve("private_keys/node1.example.net.pem"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path puppet = Files.writeString(bin.resolve("puppet"), "#!/bin/sh\n[ \"$*\" = 'config print ssldir' ] || exit 3\n"
                + "echo " + ssl + "\n");
        Files.setPosixFilePermissions(puppet, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.writeString(dir.resolve("root.conf"), "identity = node1.example.net\n"
                + "plugin.choria.middleware_hosts = 127.0.0.1:" + tlsBroker.port() + "\n");
        ChoriaConfig config = ChoriaConfig.load(conf).withEnvironment(Map.of("USER", "root", "PATH", bin.toString()));

        TlsFiles files = TlsFiles.fromChoriaConfig(config, "root", true, Path.of("/root"), null);
        assertThat(files.certificate()).isEqualTo(ssl.resolve("certs/root.mcollective.pem"));
        assertCarriesAnEvent(ConnectionSettings.builder().servers(config.middlewareHosts()).tls(files).build());
    }

    /** go-choria's path_string keys expand a leading ~: here the file provider's three files. */
    @Test
    void tildePathsOfTheFileProviderAreTheHomeDirectory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home-tally"));
        Files.createDirectories(home.resolve("certs"));
        Path[] tally = site.issueClient("tally", KeyEncoding.PKCS8_RSA);
        Files.copy(tally[0], home.resolve("certs/tally.pem"));
        Files.copy(tally[1], home.resolve("certs/tally.key"));
        Files.copy(site.caFile(), home.resolve("certs/ca.pem"));
        Path conf = Files.writeString(dir.resolve("tilde.conf"), """
                plugin.choria.middleware_hosts = 127.0.0.1:%d
                plugin.security.provider = file
                plugin.security.file.certificate = ~/certs/tally.pem
                plugin.security.file.key = ~/certs/tally.key
                plugin.security.file.ca = ~/certs/ca.pem
                """.formatted(tlsBroker.port()));

        ChoriaConfig config = ChoriaConfig.load(conf).withEnvironment(Map.of("HOME", home.toString()));
        assertCarriesAnEvent(ConnectionSettings.fromChoriaConfig(config));
    }

    /** The issue's case: brokers set only in plugin.d/choria.cfg, which used to fall back to puppet:4222. */
    @Test
    void brokersSetOnlyInPluginDAreUsed() throws Exception {
        try (NatsServerProcess plain = NatsServerProcess.start()) {
            Path etc = Files.createDirectories(dir.resolve("etc-choria"));
            Path conf = Files.writeString(etc.resolve("client.conf"), "plugin.choria.use_srv = false\n");
            Files.createDirectories(etc.resolve("plugin.d"));
            Files.writeString(etc.resolve("plugin.d/choria.cfg"), "middleware_hosts = 127.0.0.1:" + plain.port() + "\n");

            ChoriaConfig config = ChoriaConfig.load(conf, Map.of("HOME", "/nonexistent")::get);
            ConnectionSettings settings = ConnectionSettings.fromChoriaConfig(config, false);
            assertThat(settings.servers()).containsExactly("nats://127.0.0.1:" + plain.port());
            assertCarriesAnEvent(settings);
        }
    }

    private static void assertCarriesAnEvent(ConnectionSettings settings) throws Exception {
        List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
        try (Connection c = NatsConnector.connect(settings);
             EventSubscription sub = EventSubscription.subscribe(c, EventFilter.ALL, received::add)) {
            LifecycleEvent e = Lifecycle.newEvent("alive", EventOption.component("server"),
                    EventOption.identity("n1"), EventOption.version("1"));
            EventPublisher.publishAndWait(c, e, Duration.ofSeconds(5));
            Poll.until(() -> received.size() == 1, received::toString);
            assertThat(received.get(0).event()).isEqualTo(e);
            assertThat(sub.delivered()).isEqualTo(1);
        }
    }
}
