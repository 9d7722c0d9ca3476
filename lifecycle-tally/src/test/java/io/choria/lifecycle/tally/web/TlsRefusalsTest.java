package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.DebianPackage;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS port against Debian's {@code openssl s_client}, suite by suite and client certificate
 * by client certificate: Go's defaults and nothing else on TLS 1.2, and a refused client sees a
 * TLS alert while the log gets one line with the peer and the reason.
 */
class TlsRefusalsTest {
    /** Go's default TLS 1.2 suites for an RSA certificate, in OpenSSL's names. */
    private static final List<String> GO_SUITES = List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA");
    /** Suites Java 17 enables by default that Go does not offer: finite-field DHE, CBC-SHA256/384, RSA key exchange. */
    private static final List<String> NOT_GO = List.of("DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384",
            "DHE-RSA-CHACHA20-POLY1305", "DHE-RSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES256-SHA384",
            "AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA");
    @TempDir
    static Path dir;
    private static TestPki site;
    private static Path[] server;
    private static Path[] good;
    private PortUnderTest port;

    @BeforeAll
    static void material() {
        site = TestPki.create(dir, "site");
        server = site.issueServer("tally");
        good = site.issueClient("prometheus", KeyEncoding.PKCS8_RSA);
    }

    @AfterEach
    void stop() {
        if (port != null) {
            port.close();
        }
    }

    private String tls(String more) {
        return "tls_server_config:\n  cert_file: " + server[0] + "\n  key_file: " + server[1] + "\n" + more;
    }

    private String mutual() {
        return tls("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: " + site.caFile() + "\n");
    }

    @Test
    void tls12OffersGosDefaultSuitesAndRefusesADheOnlyClient() throws Exception {
        port = PortUnderTest.start(dir, tls(""));
        Run dhe = sClient("-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256@SECLEVEL=0");
        assertThat(dhe.exit).as(dhe.output).isNotZero();
        assertThat(dhe.output).as("refused by the server, with an alert").contains("alert handshake failure");
        for (String suite : GO_SUITES) {
            Run r = sClient("-tls1_2", "-cipher", suite + "@SECLEVEL=0");
            assertThat(r.output).as(suite).contains("Cipher is " + suite).doesNotContain("alert");
        }
        for (String suite : NOT_GO) {
            Run r = sClient("-tls1_2", "-cipher", suite + "@SECLEVEL=0");
            assertThat(r.output).as(suite).contains("alert handshake failure").doesNotContain("Cipher is " + suite);
        }
    }

    @Test
    void aRefusedClientGetsAnAlertAndTheLogOneLine() throws Exception {
        port = PortUnderTest.start(dir, mutual());
        Path[] stranger = TestPki.create(dir, "other").issueClient("mallory", KeyEncoding.PKCS1_RSA);
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Run none;
        Run other;
        Run other12;
        try {
            none = sClient("-tls1_3", "-ign_eof");
            other = sClient("-tls1_3", "-ign_eof", "-cert", stranger[0].toString(), "-key", stranger[1].toString());
            other12 = sClient("-tls1_2", "-cert", stranger[0].toString(), "-key", stranger[1].toString());
            Poll.until(Duration.ofSeconds(5), () -> port.refused(PortRefusals.TLS_HANDSHAKE) == 3,
                    () -> port.refused(PortRefusals.TLS_HANDSHAKE) + " refusals counted");
        } finally {
            System.setErr(realErr);
        }
        // Go sends certificate_required here; Java 17's TLS 1.3 sends bad_certificate (later JDKs certificate_required)
        assertThat(none.output).as("no certificate on TLS 1.3").containsPattern("alert (certificate required|bad certificate)");
        assertThat(other.output).as("another CA's on TLS 1.3").containsPattern("alert (bad certificate|certificate unknown|unknown ca)");
        assertThat(other12.output).as("another CA's on TLS 1.2").containsPattern("alert (bad certificate|certificate unknown|unknown ca)");
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("one line for three refusals within the interval").singleElement().asString()
                .contains("TLS handshake error from 127.0.0.1:", "the client sent no certificate")
                .doesNotContain("Exception", "java.", "sun.");
        Run ok = sClient("-tls1_3", "-cert", good[0].toString(), "-key", good[1].toString());
        assertThat(ok.output).as("a good client still gets in").contains("Verify return code: 0 (ok)").doesNotContain("alert");
    }

    private record Run(int exit, String output) {
    }

    private Run sClient(String... args) {
        List<String> command = new ArrayList<>(List.of(DebianPackage.program("openssl", "openssl"), "s_client",
                "-connect", "127.0.0.1:" + port.port(), "-CAfile", site.caFile().toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
