package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.choria.lifecycle.tally.web.Htpasswd;
import io.choria.lifecycle.tally.web.TlsClients;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tally's port behind an exporter-toolkit web configuration: TLS, basic auth on every path,
 * mutual TLS, headers, rate limit, renewal without restart, and what an exporter shows about itself.
 */
class SecuredPortTest {
    private static final List<String> PATHS = List.of("/metrics", "/", "/fleet.js", "/api/fleet",
            "/api/nodes?component=server", "/-/healthy", "/-/ready");
    @TempDir
    static Path dir;
    private static TestPki site;
    private static Path[] serverCert;
    private static String prometheusHash;
    private static NatsServerProcess nats;
    private final OpenedResources opened = new OpenedResources();
    private Path webConfig;
    private Tally tally;

    @BeforeAll
    static void material() {
        site = TestPki.create(dir, "site");
        serverCert = site.issueServer("tally");
        prometheusHash = Htpasswd.hash("s3cret", 6);
        nats = NatsServerProcess.start();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    @AfterEach
    void stop() throws Exception {
        opened.close();
    }

    private Tally start(String yaml, boolean metricsOnly) throws Exception {
        webConfig = Files.writeString(Files.createTempFile(dir, "web", ".yml"), yaml);
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        Connection c = opened.add(Nats.connect(nats.url()));
        tally = opened.add(Tally.builder().connection(c).prefix("choria_tally").registry(registry).port(0)
                .bind("127.0.0.1").replay(false).webConfigFile(webConfig).metricsOnly(metricsOnly).version("9.9.9")
                .start());
        return tally;
    }

    private String tlsWithUser() {
        return "tls_server_config:\n  cert_file: " + serverCert[0] + "\n  key_file: " + serverCert[1] + "\n"
                + "basic_auth_users:\n  prometheus: " + prometheusHash + "\n";
    }

    private HttpResponse<byte[]> get(SSLContext tls, String path, String user, String password, String... headers)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tally.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (user != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newBuilder().sslContext(tls).build().send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static SSLContext trusting() {
        return TlsClients.context(site.caFile(), null);
    }

    @Test
    void everyPathNeedsAUserAndTheRightPassword() throws Exception {
        start(tlsWithUser(), false);
        for (String path : PATHS) {
            HttpResponse<byte[]> none = get(trusting(), path, null, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic");
            assertThat(get(trusting(), path, "prometheus", "wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(get(trusting(), path, "nobody", "s3cret").statusCode()).as(path).isEqualTo(401);
            assertThat(get(trusting(), path, "prometheus", "s3cret").statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<byte[]> feed = HttpClient.newBuilder().sslContext(trusting()).build().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + tally.port() + "/api/events")).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(feed.statusCode()).as("the live feed too").isEqualTo(401);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswerAndTheTallyKeepsServing() throws Exception {
        start(tlsWithUser(), false);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + tally.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(get(trusting(), "/metrics", "prometheus", "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void mutualTlsLetsInOnlyCertificatesOfTheClientCa() throws Exception {
        start("tls_server_config:\n  cert_file: " + serverCert[0] + "\n  key_file: " + serverCert[1] + "\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: " + site.caFile() + "\n", false);
        Path[] prometheus = site.issueClient("prometheus", KeyEncoding.SEC1_EC);
        assertThat(get(TlsClients.context(site.caFile(), prometheus), "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(trusting(), "/metrics", null, null)).as("no client certificate")
                .isInstanceOf(IOException.class);
        TestPki other = TestPki.create(dir, "other");
        assertThatThrownBy(() -> get(TlsClients.context(site.caFile(), other.issueClient("mallory", KeyEncoding.PKCS8_RSA)),
                "/metrics", null, null)).as("a certificate of another CA").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(TlsClients.context(site.caFile(), site.issueExpiredClient("old")), "/metrics", null,
                null)).as("an expired certificate").isInstanceOf(IOException.class);
        assertThat(get(TlsClients.context(site.caFile(), prometheus), "/metrics", null, null).statusCode())
                .as("still serving").isEqualTo(200);
    }

    @Test
    void clientAllowedSansNarrowsTheCertificatesLetIn() throws Exception {
        start("tls_server_config:\n  cert_file: " + serverCert[0] + "\n  key_file: " + serverCert[1] + "\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: " + site.caFile() + "\n"
                + "  client_allowed_sans: [prometheus.example.net]\n", false);
        Path[] allowed = site.issueClientWith("scraper", List.of("prometheus.example.net"));
        Path[] other = site.issueClientWith("another", List.of("grafana.example.net"));
        assertThat(get(TlsClients.context(site.caFile(), allowed), "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(TlsClients.context(site.caFile(), other), "/metrics", null, null))
                .as("a SAN not in the list").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(TlsClients.context(site.caFile(), site.issueClient("bare", KeyEncoding.PKCS1_RSA)),
                "/metrics", null, null)).as("no SAN at all").isInstanceOf(IOException.class);
    }

    @Test
    void clientAllowedSansWithoutARequiredCertificateIsRefusedAtStartAndOnReload() throws Exception {
        String sansWith = "tls_server_config:\n  cert_file: " + serverCert[0] + "\n  key_file: " + serverCert[1] + "\n"
                + "  client_auth_type: %s\n  client_ca_file: " + site.caFile() + "\n"
                + "  client_allowed_sans: [prometheus.example.net]\n";
        assertThatThrownBy(() -> start(sansWith.formatted("VerifyClientCertIfGiven"), false))
                .isInstanceOf(LifecycleException.class).hasMessageContaining("client_allowed_sans: requires client_auth_type");
        start(sansWith.formatted("RequireAndVerifyClientCert"), false);
        Path[] allowed = site.issueClientWith("scraper", List.of("prometheus.example.net"));
        assertThatThrownBy(() -> get(trusting(), "/metrics", null, null)).as("no certificate").isInstanceOf(IOException.class);
        Files.writeString(webConfig, sansWith.formatted("RequestClientCert"));
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            // each handshake looks at the file (at most once a second): the change is seen, refused and warned of
            Poll.until(Duration.ofSeconds(10), () -> {
                servedSerialQuietly();
                return log.toString(StandardCharsets.UTF_8).contains("Keeping the previous web settings");
            }, () -> "a warning: " + log);
        } finally {
            System.setErr(realErr);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("client_allowed_sans: requires client_auth_type");
        assertThatThrownBy(() -> get(trusting(), "/metrics", null, null)).as("still no way in without a certificate")
                .isInstanceOf(IOException.class);
        assertThat(get(TlsClients.context(site.caFile(), allowed), "/metrics", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anIpv6SanIsMatchedAsGoWritesIt() throws Exception {
        start("tls_server_config:\n  cert_file: " + serverCert[0] + "\n  key_file: " + serverCert[1] + "\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: " + site.caFile() + "\n"
                + "  client_allowed_sans: ['::1']\n", false);
        Path[] loopback = site.issueClientWithIps("scraper-v6", List.of("::1"));
        assertThat(get(TlsClients.context(site.caFile(), loopback), "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(TlsClients.context(site.caFile(), site.issueClientWithIps("v4", List.of("10.0.0.1"))),
                "/metrics", null, null)).isInstanceOf(IOException.class);
    }

    @Test
    void aRenewedCertificateAndANewUserAreUsedWithoutARestart() throws Exception {
        Path cert = Files.copy(serverCert[0], dir.resolve("renewed.pem"), StandardCopyOption.REPLACE_EXISTING);
        Path key = Files.copy(serverCert[1], dir.resolve("renewed-key.pem"), StandardCopyOption.REPLACE_EXISTING);
        start("tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + key + "\n", false);
        BigInteger first = servedSerial();
        Path[] next = site.issueServer("tally-renewed");
        Files.copy(next[1], key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next[0], cert, StandardCopyOption.REPLACE_EXISTING);
        BigInteger expected = PemSerial.of(next[0]);
        Poll.until(Duration.ofSeconds(10), () -> expected.equals(servedSerialQuietly()), () -> "serial " + first);
        assertThat(expected).isNotEqualTo(first);

        Files.writeString(webConfig, "tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + key + "\n"
                + "basic_auth_users:\n  prometheus: " + prometheusHash + "\n");
        Poll.until(Duration.ofSeconds(10), () -> status("/metrics", null) == 401, () -> "a user now required");
        assertThat(get(trusting(), "/metrics", "prometheus", "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void aFileThatCannotBeUsedOnReReadKeepsTheLastGoodSettings() throws Exception {
        start(tlsWithUser(), false);
        assertThat(status("/metrics", "s3cret")).isEqualTo(200);
        Files.writeString(webConfig, "basic_auth_users:\n  prometheus: plain-text\n");
        Thread.sleep(1500);
        assertThat(status("/metrics", "s3cret")).isEqualTo(200);
        assertThat(status("/metrics", null)).isEqualTo(401);
        Files.writeString(webConfig, "tls_server_config: [broken\n");
        Thread.sleep(1500);
        assertThat(status("/metrics", "s3cret")).isEqualTo(200);
    }

    @Test
    void headersRateLimitAndGzip() throws Exception {
        start(tlsWithUser() + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
                + "    Strict-Transport-Security: max-age=600\nrate_limit:\n  interval: 1h\n  burst: 3\n", false);
        HttpResponse<byte[]> plain = get(trusting(), "/metrics", "prometheus", "s3cret");
        assertThat(plain.headers().firstValue("X-Frame-Options")).hasValue("deny");
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=600");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        HttpResponse<byte[]> zipped = get(trusting(), "/metrics", "prometheus", "s3cret", "Accept-Encoding", "gzip");
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(unzipped).contains("# TYPE choria_tally_good_events counter");
        assertThat(get(trusting(), "/-/healthy", "prometheus", "s3cret").statusCode()).as("the third of the burst").isEqualTo(200);
        assertThat(get(trusting(), "/metrics", "prometheus", "s3cret").statusCode()).as("burst used up").isEqualTo(429);
    }

    @Test
    void theExporterShowsItsProcessJvmAndBuildBesideTheUnchangedTallySeries() throws Exception {
        start("", false);
        publish("server", "n1", "1.0");
        Poll.until(Duration.ofSeconds(10), () -> plain("/metrics").contains("choria_tally_good_events{active=\"1\","
                + "component=\"server\"} 1\n"), () -> plain("/metrics"));
        String body = plain("/metrics");
        assertThat(body).as("the build: Java version and commit beside the version, as Go exporters show goversion")
                .containsPattern("\nchoria_tally_build_info\\{javaversion=\"" + System.getProperty("java.version").replace(".", "\\.")
                        + "\",revision=\"[0-9a-f]{40}\",version=\"9\\.9\\.9\"} 1\n");
        assertThat(body).contains("# TYPE choria_tally_good_events counter\n",
                "# TYPE process_cpu_seconds_total counter\n", "process_cpu_seconds_total ", "jvm_memory_used_bytes{area=\"heap\"}",
                "jvm_threads_current ", "jvm_gc_collection_seconds_count{", "process_start_time_seconds ")
                .doesNotContain("choria_tally_good_events_total", "_created");
        assertThat(plain("/-/healthy")).isEqualTo("Healthy.\n");
        assertThat(plain("/-/ready")).isEqualTo("Ready.\n");
    }

    @Test
    void metricsOnlyServesTheReferencesSurface() throws Exception {
        start("", true);
        assertThat(plain("/metrics")).contains("choria_tally_versions");
        for (String path : List.of("/", "/api/fleet", "/api/events", "/fleet.js")) {
            assertThat(plainStatus(path)).as(path).isEqualTo(404);
        }
        assertThat(plainStatus("/-/ready")).isEqualTo(200);
    }

    @Test
    void aFileThatCannotBeUsedStopsTheStart() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yml"), "basic_auth_users:\n  alice: s3cret\n");
        Connection c = opened.add(Nats.connect(nats.url()));
        assertThatThrownBy(() -> opened.add(Tally.builder().connection(c).port(0).bind("127.0.0.1").replay(false)
                .webConfigFile(bad).start())).isInstanceOf(LifecycleException.class)
                .hasMessageStartingWith(bad + ": basic_auth_users.alice: not a bcrypt hash");
    }

    @Test
    void readyIsFalseWhileTheBrokerIsGone() throws Exception {
        try (NatsServerProcess own = NatsServerProcess.start()) {
            webConfig = Files.writeString(Files.createTempFile(dir, "web", ".yml"), "");
            Connection c = opened.add(Nats.connect(io.nats.client.Options.builder().server(own.url())
                    .maxReconnects(-1).build()));
            tally = opened.add(Tally.builder().connection(c).port(0).bind("127.0.0.1").replay(false).start());
            assertThat(plainStatus("/-/ready")).isEqualTo(200);
            own.kill();
            Poll.until(Duration.ofSeconds(10), () -> plainStatus("/-/ready") == 503, () -> plain("/-/ready"));
            assertThat(plain("/-/ready")).startsWith("Not ready: not connected to a broker");
            assertThat(plainStatus("/-/healthy")).isEqualTo(200);
        }
    }

    private int status(String path, String password) {
        try {
            return get(trusting(), path, password == null ? null : "prometheus", password).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private String plain(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port()
                    + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private int plainStatus(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port()
                    + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private BigInteger servedSerial() throws IOException {
        try (SSLSocket s = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", tally.port())) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private BigInteger servedSerialQuietly() {
        try {
            return servedSerial();
        } catch (IOException e) {
            return null;
        }
    }

    private static void publish(String component, String identity, String version) throws Exception {
        try (Connection c = Nats.connect(nats.url())) {
            LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component(component),
                    EventOption.identity(identity), EventOption.version(version));
            c.publish(alive.target(), Lifecycle.toJson(alive));
            c.flush(Duration.ofSeconds(5));
        }
    }

    /** The serial number of the first certificate of a PEM file. */
    private static final class PemSerial {
        static BigInteger of(Path pem) {
            return io.choria.lifecycle.nats.internal.PemFiles.certificates(pem).get(0).getSerialNumber();
        }
    }
}
