package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.nats.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter-toolkit's web configuration format, read with its names, defaults and refusals. */
class WebConfigReaderTest {
    @TempDir
    static Path dir;
    private static TestPki pki;
    private static Path[] server;
    private static String hash;

    @BeforeAll
    static void material() {
        pki = TestPki.create(dir, "web");
        server = pki.issueServer("tally");
        hash = Htpasswd.hash("s3cret", 5);
    }

    private static Path file(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "web", ".yml"), yaml);
    }

    private static void refused(String yaml, String message) throws IOException {
        Path f = file(yaml);
        assertThatThrownBy(() -> WebConfigReader.read(f)).isInstanceOf(LifecycleException.class)
                .hasMessage(f + ": " + message);
    }

    /** The shape of node_exporter's documented example, with mutual TLS and a user. */
    @Test
    void aNodeExporterFileIsReadWithTheToolkitsDefaults() throws IOException {
        WebConfig c = WebConfigReader.read(file("""
                tls_server_config:
                  cert_file: %s
                  key_file: %s
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: %s
                basic_auth_users:
                  prometheus: %s
                """.formatted(server[0], server[1], pki.caFile(), hash)));
        assertThat(c.tlsEnabled()).isTrue();
        assertThat(c.tls().clientAuth()).isEqualTo(ClientAuthType.REQUIRE_AND_VERIFY_CLIENT_CERT);
        assertThat(c.tls().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(c.tls().cipherSuites()).as("Go's defaults, then TLS 1.3's").containsExactly(
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
        assertThat(c.tls().clientCas()).hasSize(1);
        assertThat(c.users()).containsOnlyKeys("prometheus");
        assertThat(c.http2()).isTrue();
        assertThat(c.rateLimit()).isNull();
        assertThat(c.files()).hasSize(4);
    }

    @Test
    void anEmptyFileOrOneWithoutTlsKeysMeansPlainHttp() throws IOException {
        assertThat(WebConfigReader.read(file("")).tlsEnabled()).isFalse();
        WebConfig users = WebConfigReader.read(file("tls_server_config:\nbasic_auth_users:\n  a: " + hash + "\n"));
        assertThat(users.tlsEnabled()).isFalse();
        assertThat(users.users()).containsKey("a");
    }

    @Test
    void pathsAreRelativeToTheFilesDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("etc"));
        Files.copy(server[0], sub.resolve("tally.pem"));
        Files.copy(server[1], sub.resolve("tally.key"));
        Path f = Files.writeString(sub.resolve("web.yml"), "tls_server_config:\n  cert_file: tally.pem\n  key_file: tally.key\n");
        assertThat(WebConfigReader.read(f).files()).containsExactly(f, sub.resolve("tally.pem"), sub.resolve("tally.key"));
    }

    @Test
    void versionsCipherSuitesHeadersAndRateLimit() throws IOException {
        WebConfig c = WebConfigReader.read(file("""
                tls_server_config:
                  cert_file: %s
                  key_file: %s
                  min_version: TLS13
                  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
                  prefer_server_cipher_suites: false
                http_server_config:
                  http2: false
                  headers:
                    X-Frame-Options: deny
                    Strict-Transport-Security: max-age=31536000
                rate_limit:
                  interval: 100ms
                  burst: 5
                """.formatted(server[0], server[1])));
        assertThat(c.tls().protocols()).containsExactly("TLSv1.3");
        assertThat(c.tls().cipherSuites()).startsWith("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                .contains("TLS_AES_128_GCM_SHA256");
        assertThat(c.headers()).containsEntry("X-Frame-Options", "deny").hasSize(2);
        assertThat(c.rateLimit()).isEqualTo(new WebConfig.RateLimit(Duration.ofMillis(100), 5));
        assertThat(WebConfigFile.describe(c)).as("the interval in Go's syntax, as the file writes it, not PT0.1S")
                .endsWith(", rate limit 1 per 100ms burst 5 per client");
    }

    @Test
    void anUnknownKeyNamesTheKnownOnes() throws IOException {
        refused("tls_server_config:\n  cert_fle: x\n", "tls_server_config.cert_fle: unknown key; tls_server_config's"
                + " keys are cert, cert_file, cipher_suites, client_allowed_sans, client_auth_type, client_ca,"
                + " client_ca_file, curve_preferences, key, key_file, max_version, min_version, prefer_server_cipher_suites");
        refused("basic_auth_user:\n  a: b\n", "basic_auth_user: unknown key; the file's keys are basic_auth_users,"
                + " http_server_config, rate_limit, tls_server_config");
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsLine() throws IOException {
        Path f = file("basic_auth_users:\n  alice: " + hash + "\n  bob: " + hash + "\n  alice: " + hash + "\n");
        assertThatThrownBy(() -> WebConfigReader.read(f)).as("the second password would silently win")
                .hasMessage(f + ": line 4: key \"alice\" already set in map (give each key once)");
        Path tls = file("tls_server_config:\n  cert_file: " + server[0] + "\n  key_file: " + server[1]
                + "\n  cert_file: " + server[0] + "\n");
        assertThatThrownBy(() -> WebConfigReader.read(tls)).hasMessage(tls + ": line 4: key \"cert_file\" already set in map"
                + " (give each key once)");
    }

    @Test
    void clientAllowedSansWithoutARequiredCertificateIsRefused() throws IOException {
        for (String type : List.of("NoClientCert", "RequestClientCert", "VerifyClientCertIfGiven")) {
            String ca = type.equals("NoClientCert") ? "" : "  client_ca_file: " + pki.caFile() + "\n";
            refused("tls_server_config:\n  cert_file: " + server[0] + "\n  key_file: " + server[1] + "\n  client_auth_type: "
                    + type + "\n" + ca + "  client_allowed_sans: [prometheus.example.net]\n",
                    "tls_server_config.client_allowed_sans: requires client_auth_type to be one of RequireAnyClientCert or"
                    + " RequireAndVerifyClientCert; with " + type + " a client that sends no certificate would be let in");
        }
        for (String type : List.of("RequireAnyClientCert", "RequireAndVerifyClientCert")) {
            WebConfig c = WebConfigReader.read(file("tls_server_config:\n  cert_file: " + server[0] + "\n  key_file: "
                    + server[1] + "\n  client_auth_type: " + type + "\n  client_ca_file: " + pki.caFile()
                    + "\n  client_allowed_sans: [prometheus.example.net]\n"));
            assertThat(c.tls().clientAllowedSans()).as(type).containsExactly("prometheus.example.net");
        }
    }

    @Test
    void badYamlSaysWhere() throws IOException {
        Path f = file("tls_server_config:\n  cert_file: [unclosed\n");
        assertThatThrownBy(() -> WebConfigReader.read(f)).hasMessageStartingWith(f + ": not valid YAML at line ");
    }

    @Test
    void aPlainTextPasswordIsRefused() throws IOException {
        refused("basic_auth_users:\n  alice: s3cret\n", "basic_auth_users.alice: not a bcrypt hash: store the hash of"
                + " the password, e.g. the output of htpasswd -nBC 10 \"\" | tr -d ':\\n', never the password itself");
    }

    @Test
    void aMissingCertificateNamesTheKeyAndTheFile() throws IOException {
        refused("tls_server_config:\n  cert_file: /nonexistent/tally.pem\n  key_file: " + server[1] + "\n",
                "tls_server_config.cert_file: cannot read /nonexistent/tally.pem: no such file");
        refused("tls_server_config:\n  cert_file: " + server[0] + "\n", "tls_server_config: missing one of key or key_file");
        refused("tls_server_config:\n  cert_file: " + server[0] + "\n  cert: x\n  key_file: " + server[1] + "\n",
                "tls_server_config: give cert or cert_file, not both");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws IOException {
        Path[] other = pki.issueServer("other");
        refused("tls_server_config:\n  cert_file: " + server[0] + "\n  key_file: " + other[1] + "\n",
                "tls_server_config: the key " + other[1] + " does not belong to the certificate " + server[0]);
    }

    @Test
    void clientAuthNeedsItsCaAndTheCaNeedsAPolicy() throws IOException {
        String tls = "tls_server_config:\n  cert_file: " + server[0] + "\n  key_file: " + server[1] + "\n";
        refused(tls + "  client_auth_type: RequireAndVerifyClientCert\n", "tls_server_config.client_auth_type:"
                + " RequireAndVerifyClientCert needs client_ca_file (or client_ca): the CA that signs the clients' certificates");
        refused(tls + "  client_ca_file: " + pki.caFile() + "\n", "tls_server_config: a client CA is configured without a"
                + " client auth policy: set client_auth_type, e.g. RequireAndVerifyClientCert");
        refused(tls + "  client_auth_type: Always\n", "tls_server_config.client_auth_type: unknown type 'Always'; use one"
                + " of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert");
        assertThat(WebConfigReader.read(file(tls + "  client_auth_type: RequireClientCert\n")).tls().clientAuth())
                .as("the toolkit's old name").isEqualTo(ClientAuthType.REQUIRE_ANY_CLIENT_CERT);
    }

    @Test
    void badVersionsSuitesCurvesHeadersAndTypes() throws IOException {
        String tls = "tls_server_config:\n  cert_file: " + server[0] + "\n  key_file: " + server[1] + "\n";
        refused(tls + "  min_version: TLS14\n", "tls_server_config.min_version: unknown TLS version 'TLS14'; use one of"
                + " TLS10, TLS11, TLS12, TLS13");
        refused(tls + "  min_version: TLS13\n  max_version: TLS12\n", "tls_server_config: min_version TLS13 is above"
                + " max_version TLS12");
        refused(tls + "  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n", "tls_server_config.cipher_suites: unknown cipher:"
                + " TLS_RSA_WITH_RC4_128_SHA (the names of Go's tls.CipherSuites())");
        refused(tls + "  curve_preferences: [P256]\n", "tls_server_config.curve_preferences: unknown curve: P256; use one"
                + " of CurveP256, CurveP384, CurveP521, X25519");
        refused("http_server_config:\n  headers:\n    Server: tally\n", "http_server_config.headers.Server: this HTTP"
                + " header can not be configured; the ones that can are Content-Security-Policy,"
                + " Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection");
        refused("http_server_config:\n  headers:\n    X-Frame-Options: allow\n", "http_server_config.headers."
                + "X-Frame-Options: invalid value 'allow'; use one of deny, sameorigin");
        refused("http_server_config:\n  http2: 1\n", "http_server_config.http2: must be true or false, not a number");
        refused("- a\n- b\n", "the file must be a YAML mapping (tls_server_config:, basic_auth_users:, ...)");
        Path rate = file("rate_limit:\n  interval: soon\n");
        assertThatThrownBy(() -> WebConfigReader.read(rate)).hasMessageStartingWith(rate + ": rate_limit.interval:"
                + " invalid duration 'soon'").hasMessageEndingWith("(a duration such as 100ms or 1s; 0 turns the limit off)");
    }
}
