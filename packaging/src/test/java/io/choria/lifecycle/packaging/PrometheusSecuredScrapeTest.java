package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.choria.lifecycle.natsserver.DebianPackage;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.choria.lifecycle.tally.Tally;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes tallies secured by web configuration files with the example
 * prometheus.yml's own secured variants: HTTPS with basic auth, and mutual TLS. The same targets
 * scraped without the credentials are down.
 */
class PrometheusSecuredScrapeTest {
    @TempDir
    static Path dir;
    private static NatsServerProcess nats;
    private static Connection basicConnection;
    private static Connection mtlsConnection;
    private static Tally basic;
    private static Tally mutual;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startSecuredTalliesAndScrapeThem() throws Exception {
        TestPki site = TestPki.create(dir, "site");
        Path[] server = site.issueServer("tally");
        Path[] prometheusCert = site.issueClient("prometheus", KeyEncoding.PKCS8_RSA);
        Path password = Files.writeString(dir.resolve("tally.password"), "scrape-me\n");
        Path basicWeb = Files.writeString(dir.resolve("basic.yml"), "tls_server_config:\n  cert_file: " + server[0]
                + "\n  key_file: " + server[1] + "\nbasic_auth_users:\n  prometheus: " + htpasswd("scrape-me") + "\n");
        Path mtlsWeb = Files.writeString(dir.resolve("mtls.yml"), "tls_server_config:\n  cert_file: " + server[0]
                + "\n  key_file: " + server[1] + "\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: "
                + site.caFile() + "\n");
        nats = NatsServerProcess.start();
        basicConnection = Nats.connect(nats.url());
        mtlsConnection = Nats.connect(nats.url());
        basic = Tally.builder().connection(basicConnection).prefix("choria_tally").bind("127.0.0.1").port(0)
                .replay(false).webConfigFile(basicWeb).start();
        mutual = Tally.builder().connection(mtlsConnection).prefix("choria_tally").bind("127.0.0.1").port(0)
                .replay(false).webConfigFile(mtlsWeb).start();
        Map<String, String> files = Map.of("/etc/prometheus/choria-ca.pem", site.caFile().toString(),
                "/etc/prometheus/choria-tally.password", password.toString(),
                "/etc/prometheus/prometheus.pem", prometheusCert[0].toString(),
                "/etc/prometheus/prometheus-key.pem", prometheusCert[1].toString());
        String caOnly = "scheme: https\ntls_config:\n  ca_file: " + site.caFile() + "\n";
        prometheus = PrometheusServer.scraping(List.of(
                new PrometheusServer.Job("choria_lifecycle_tally", "127.0.0.1:" + basic.port(), "a", files, null),
                new PrometheusServer.Job("tally_mutual_tls", "127.0.0.1:" + mutual.port(), "b", files, null),
                new PrometheusServer.Job("basic_without_password", "127.0.0.1:" + basic.port(), null, Map.of(), caOnly),
                new PrometheusServer.Job("mutual_without_certificate", "127.0.0.1:" + mutual.port(), null, Map.of(), caOnly)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (Tally t : new Tally[] {basic, mutual}) {
            if (t != null) {
                t.close();
            }
        }
        basicConnection.close();
        mtlsConnection.close();
        nats.close();
    }

    @Test
    void upIsOneOnlyWithTheCredentialsOfTheExample() {
        Map<String, Double> up = new TreeMap<>();
        Poll.until(Duration.ofSeconds(30), () -> {
            up.clear();
            for (JsonNode r : prometheus.query("up").path("data").path("result")) {
                up.put(r.path("metric").path("job").asText(), r.path("value").get(1).asDouble());
            }
            return up.size() == 4 && up.get("choria_lifecycle_tally") == 1.0 && up.get("tally_mutual_tls") == 1.0;
        }, () -> "four jobs scraped, two up: " + up + "\n" + prometheus.api("/api/v1/targets").path("data")
                .path("activeTargets").findValuesAsText("lastError") + "\n" + prometheus.log());
        assertThat(up).isEqualTo(Map.of("choria_lifecycle_tally", 1.0, "tally_mutual_tls", 1.0,
                "basic_without_password", 0.0, "mutual_without_certificate", 0.0));
        JsonNode series = prometheus.query("choria_tally_build_info{job=\"tally_mutual_tls\"}").path("data").path("result");
        assertThat(series).as("the tally's own series came through").hasSize(1);
    }

    /** The bcrypt hash Debian's htpasswd writes for {@code password}, as an operator makes it. */
    private static String htpasswd(String password) throws Exception {
        Process p = new ProcessBuilder(DebianPackage.program("apache2-utils", "htpasswd"), "-nbBC", "6", "", password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith(":$2y$06$");
        return out.substring(1);
    }
}
