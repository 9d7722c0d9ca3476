package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** {@code tally --web.config.file} and {@code nodes} talking to it over TLS with a client certificate and basic auth. */
class SecuredTallyTest {
    @TempDir
    Path dir;

    @Test
    void nodesReadsASecuredTallyWithCaClientCertificateAndPasswordFile() throws Exception {
        TestPki site = TestPki.create(dir, "site");
        Path[] server = site.issueServer("tally");
        Path[] client = site.issueClient("operator", KeyEncoding.PKCS8_RSA);
        Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: " + server[0]
                + "\n  key_file: " + server[1] + "\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: "
                + site.caFile() + "\nbasic_auth_users:\n  operator: " + BCrypt.hashpw("pa55", BCrypt.gensalt("$2y", 5)) + "\n");
        Path passwordFile = Files.writeString(dir.resolve("password"), "pa55\n");
        int port = NatsServerProcess.freePort();
        try (NatsServerProcess nats = NatsServerProcess.start(); Connection c = Nats.connect(nats.url());
             CliProcess tally = CliProcess.start(Map.of(), "tally", "--server", nats.url(), "--web.listen-address",
                     "127.0.0.1:" + port, "--web.config.file", web.toString(), "--no-replay")) {
            Poll.until(Duration.ofSeconds(30), () -> tally.output().contains("tally: serving") || !tally.isAlive(),
                    tally::output);
            assertThat(tally.output()).contains("tally: serving https://127.0.0.1:" + port + "/metrics");
            LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                    EventOption.identity("web1.example.net"), EventOption.version("1.0"));
            c.publish(alive.target(), Lifecycle.toJson(alive));
            c.flush(Duration.ofSeconds(5));
            String url = "https://127.0.0.1:" + port;
            String[] tls = {"--tally-ca", site.caFile().toString(), "--tally-cert", client[0].toString(), "--tally-key",
                    client[1].toString()};
            Poll.until(Duration.ofSeconds(15), () -> nodes(tls, url, "--tally-user", "operator", "--tally-password-file",
                    passwordFile.toString()).stdout().equals("web1.example.net\n"), () -> "the node listed");

            assertThat(nodesWithPassword("pa55", tls, url, "--tally-user", "operator"))
                    .as("the password from CHORIA_TALLY_PASSWORD").isEqualTo("exit 0: web1.example.net\n");
            CliRun noUser = nodes(tls, url);
            assertThat(noUser.exitCode()).isEqualTo(1);
            assertThat(noUser.stderrLines()).containsExactly("error: the tally at " + url + " wants a user and password"
                    + " (401): give --tally-user and the password in --tally-password-file or CHORIA_TALLY_PASSWORD");
            assertThat(nodesWithPassword("guess", tls, url, "--tally-user", "operator")).isEqualTo("exit 1: error: the"
                    + " tally at " + url + " refused the user operator (401): wrong user or password\n");
            CliRun noCertificate = CliRun.run("nodes", "--tally", url, "--tally-ca", site.caFile().toString(),
                    "--tally-user", "operator", "--tally-password-file", passwordFile.toString()).assertCleanErrors();
            assertThat(noCertificate.exitCode()).isEqualTo(1);
            assertThat(noCertificate.stderrLines()).as("no Java exception, the flags to fix it").singleElement().asString()
                    .startsWith("error: cannot reach the tally at " + url + " over TLS: ")
                    .endsWith("(--tally-ca names the CA of its certificate; --tally-cert and --tally-key the client"
                            + " certificate it may require)").doesNotContain("java.", "Exception");
            CliRun untrusted = CliRun.run("nodes", "--tally", url).assertCleanErrors();
            assertThat(untrusted.stderrLines()).singleElement().asString()
                    .startsWith("error: cannot reach the tally at " + url + " over TLS: ")
                    .endsWith("(--tally-ca names the CA of its certificate; --tally-cert and --tally-key the client"
                            + " certificate it may require)");
            assertThat(tally.isAlive()).as("the tally kept serving: " + tally.output()).isTrue();
        }
    }

    @Test
    void aWebConfigurationThatCannotBeUsedStopsTheStartBeforeConnecting() throws Exception {
        Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  alice: plain-password\n");
        CliRun r = CliRun.run("tally", "--server", "nats://127.0.0.1:1", "--web.config.file", web.toString())
                .assertCleanErrors();
        assertThat(r.exitCode()).as("a configuration error").isEqualTo(78);
        assertThat(r.stderrLines()).singleElement().asString().startsWith("error: " + web
                + ": basic_auth_users.alice: not a bcrypt hash");
    }

    @Test
    void listenAddressIsHostColonPortAndReplacesBindAndPort() {
        CliRun both = CliRun.run("tally", "--web.listen-address", ":9090", "--port", "1").assertCleanErrors();
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderrLines().get(0)).isEqualTo("error: --web.listen-address replaces --bind and --port: give"
                + " one or the other");
        CliRun bad = CliRun.run("tally", "--web.listen-address", "9090").assertCleanErrors();
        assertThat(bad.stderrLines().get(0)).isEqualTo("error: --web.listen-address: '9090' is not [host]:port, e.g."
                + " :8080, 127.0.0.1:8080 or [::1]:8080");
    }

    private static CliRun nodes(String[] tls, String url, String... more) {
        String[] args = new String[3 + tls.length + more.length];
        args[0] = "nodes";
        args[1] = "--tally";
        args[2] = url;
        System.arraycopy(tls, 0, args, 3, tls.length);
        System.arraycopy(more, 0, args, 3 + tls.length, more.length);
        return CliRun.run(args).assertCleanErrors();
    }

    /** nodes in a JVM of its own, with the password in its environment: "exit N: " and what it wrote. */
    private static String nodesWithPassword(String password, String[] tls, String url, String... more) throws Exception {
        String[] args = new String[3 + tls.length + more.length];
        args[0] = "nodes";
        args[1] = "--tally";
        args[2] = url;
        System.arraycopy(tls, 0, args, 3, tls.length);
        System.arraycopy(more, 0, args, 3 + tls.length, more.length);
        try (CliProcess p = CliProcess.start(Map.of("CHORIA_TALLY_PASSWORD", password), args)) {
            int exit = p.waitFor(30);
            return "exit " + exit + ": " + p.output();
        }
    }
}
