package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.DebianPackage;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutual-TLS port against the clients operators test with, curl and {@code openssl s_client}
 * (Debian's): each bad client is refused, and after each the tally still serves a good one.
 */
class RealTlsClientsTest {
    @TempDir
    static Path dir;
    private static TestPki site;
    private static Path[] good;
    private static NatsServerProcess nats;
    private static Connection connection;
    private static Tally tally;

    @BeforeAll
    static void start() throws Exception {
        site = TestPki.create(dir, "site");
        Path[] cert = site.issueServer("tally");
        good = site.issueClient("prometheus", KeyEncoding.PKCS8_RSA);
        Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: " + cert[0]
                + "\n  key_file: " + cert[1] + "\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: "
                + site.caFile() + "\n");
        nats = NatsServerProcess.start();
        connection = Nats.connect(nats.url());
        tally = Tally.builder().connection(connection).prefix("choria_tally").port(0).bind("127.0.0.1").replay(false)
                .webConfigFile(web).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tally != null) {
            tally.close();
        }
        connection.close();
        nats.close();
    }

    @AfterEach
    void theTallyStillServesAGoodClient() {
        Run ok = curl("--cert", good[0].toString(), "--key", good[1].toString(), url());
        assertThat(ok.exit).as(ok.output).isZero();
        assertThat(ok.output).contains("# TYPE choria_tally_good_events counter");
    }

    private static String url() {
        return "https://127.0.0.1:" + tally.port() + "/metrics";
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        Path[] stranger = TestPki.create(dir, "other").issueClient("mallory", KeyEncoding.PKCS1_RSA);
        Run r = curl("--cert", stranger[0].toString(), "--key", stranger[1].toString(), url());
        assertThat(r.exit).as(r.output).isNotZero();
        assertThat(r.output).doesNotContain("choria_tally");
    }

    @Test
    void anExpiredClientCertificateIsRefused() {
        Path[] old = site.issueExpiredClient("old-prometheus");
        Run r = curl("--cert", old[0].toString(), "--key", old[1].toString(), url());
        assertThat(r.exit).as(r.output).isNotZero();
        assertThat(r.output).doesNotContain("choria_tally");
    }

    @Test
    void noClientCertificateIsRefused() {
        Run r = curl(url());
        assertThat(r.exit).as(r.output).isNotZero();
    }

    @Test
    void tls11IsRefusedByTheServer() {
        // SECLEVEL=0 lets this openssl offer TLS 1.1 at all, so that the refusal is the tally's
        Run r = run(DebianPackage.program("openssl", "openssl"), "s_client", "-connect", "127.0.0.1:" + tally.port(),
                "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", site.caFile().toString(),
                "-cert", good[0].toString(), "-key", good[1].toString());
        assertThat(r.exit).as(r.output).isNotZero();
        // the JDK ends the handshake of a version it does not speak by closing the connection (no alert)
        assertThat(r.output).contains("no peer certificate available", "Cipher is (NONE)");
        Run tls12 = run(DebianPackage.program("openssl", "openssl"), "s_client", "-connect", "127.0.0.1:" + tally.port(),
                "-tls1_2", "-CAfile", site.caFile().toString(), "-cert", good[0].toString(), "-key", good[1].toString());
        assertThat(tls12.output).as("the same client on TLS 1.2").contains("Protocol  : TLSv1.2", "Verify return code: 0 (ok)")
                .doesNotContain("Cipher is (NONE)");
    }

    @Test
    void plainHttpToTheTlsPortGetsNoMetrics() {
        Run r = curl("http://127.0.0.1:" + tally.port() + "/metrics");
        assertThat(r.exit).as(r.output).isNotZero();
        assertThat(r.output).doesNotContain("choria_tally");
    }

    private record Run(int exit, String output) {
    }

    private static Run curl(String... args) {
        List<String> command = new ArrayList<>(List.of(DebianPackage.program("curl", "curl"), "-sS", "--max-time", "10",
                "--cacert", site.caFile().toString()));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    private static Run run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
