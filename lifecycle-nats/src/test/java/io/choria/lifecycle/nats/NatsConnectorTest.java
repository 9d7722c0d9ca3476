package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsConnectorTest {
    @TempDir
    Path dir;

    @Test
    void noBrokerIsAOneLineError() {
        int port = NatsServerProcess.freePort();
        ConnectionSettings settings = ConnectionSettings.builder().server("127.0.0.1:" + port).build();
        assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CONNECTED))
                .hasMessage("cannot connect to nats://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aFailedFirstConnectLogsNoOutageWarning() {
        // the caller prints the one-line error; a "disconnected, reconnecting" warning before it
        // would make the CLI's "one clear line" two lines (slf4j-simple writes to System.err)
        ConnectionSettings settings = ConnectionSettings.builder()
                .server("127.0.0.1:" + NatsServerProcess.freePort()).build();
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> NatsConnector.connect(settings)).isInstanceOf(LifecycleException.class);
        } finally {
            System.setErr(realErr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN").doesNotContain("disconnected");
    }

    @Test
    void defaultsToTheLocalBroker() {
        assertThat(ConnectionSettings.builder().build().servers()).containsExactly("nats://127.0.0.1:4222");
        assertThat(ConnectionSettings.builder().server("a:1, tls://b:2").build().servers())
                .containsExactly("nats://a:1", "tls://b:2");
    }

    @Test
    void missingCredentialsFileIsNamed() {
        Path creds = dir.resolve("user.creds");
        ConnectionSettings settings = ConnectionSettings.builder().credentials(creds).build();
        assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("NATS credentials file " + creds + " does not exist or is not readable");
    }

    @Test
    void partialTlsIsRefused() {
        assertThatThrownBy(() -> ConnectionSettings.builder().tls(dir.resolve("c"), null, null))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("TLS needs a certificate, a key and a CA together");
    }

    @Test
    void backOffGrowsFromAQuarterSecondToTenSecondsWithJitter() {
        for (int i = 0; i < 50; i++) {
            assertThat(NatsConnector.backOff(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(313));
            assertThat(NatsConnector.backOff(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1251));
            assertThat(NatsConnector.backOff(100)).isBetween(Duration.ofSeconds(10), Duration.ofMillis(12501));
        }
    }

    @Test
    void userAndPasswordAreSentToTheBroker() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(false,
                "authorization {\n  user: watcher\n  password: s3cret\n}")) {
            ConnectionSettings good = ConnectionSettings.builder().server(server.url()).userInfo("watcher", "s3cret").build();
            try (Connection c = NatsConnector.connect(good)) {
                assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
            ConnectionSettings bad = ConnectionSettings.builder().server(server.url()).userInfo("watcher", "nope")
                    .connectTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> NatsConnector.connect(bad))
                    .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                    .hasMessageStartingWith("cannot connect to " + server.url() + ": ")
                    .hasMessageEndingWith("the broker said: Authorization Violation");
        }
    }

    private static String stderrOf(Runnable action) {
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(realErr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedLoginLogsNoWarningBeforeTheError() throws Exception {
        // the CLI prints the one-line error; a "NATS error: Authorization Violation" warning first makes it two
        try (NatsServerProcess server = NatsServerProcess.start(false,
                "authorization {\n  user: watcher\n  password: s3cret\n}")) {
            ConnectionSettings anonymous = ConnectionSettings.builder().server(server.url())
                    .connectTimeout(Duration.ofSeconds(2)).build();
            String logged = stderrOf(() -> assertThatThrownBy(() -> NatsConnector.connect(anonymous))
                    .isInstanceOf(LifecycleException.class)
                    .hasMessageEndingWith("the broker said: Authorization Violation"));
            assertThat(logged).doesNotContain("WARN").doesNotContain("Authorization Violation");
        }
    }

    @Test
    void aServerUrlThatIsNoUrlIsRefusedWhenGiven() {
        assertThatThrownBy(() -> ConnectionSettings.builder().server("nats://bad host:4222"))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("'nats://bad host:4222' is not a valid server URL");
    }

    @Test
    void passwordsInServerUrlsAreNotRepeatedInErrors() {
        int port = NatsServerProcess.freePort();
        ConnectionSettings settings = ConnectionSettings.builder()
                .server("nats://watcher:s3cret@127.0.0.1:" + port).build();
        assertThatThrownBy(() -> NatsConnector.connect(settings))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("cannot connect to nats://***@127.0.0.1:" + port + ": connection refused");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void aCredentialsFileWithoutJwtAndSeedIsRefusedBeforeConnecting() throws Exception {
        // jnats reads the file only when the broker asks for it, so a wrong file would pass unnoticed
        Path junk = Files.writeString(dir.resolve("junk.creds"), "not a creds file\n");
        for (Path wrong : List.of(junk, dir)) {
            ConnectionSettings settings = ConnectionSettings.builder().credentials(wrong).build();
            assertThatThrownBy(() -> NatsConnector.connect(settings))
                    .isInstanceOf(LifecycleException.class)
                    .hasMessage("NATS credentials file " + wrong + " does not hold a user JWT and NKEY seed");
        }
    }
}
