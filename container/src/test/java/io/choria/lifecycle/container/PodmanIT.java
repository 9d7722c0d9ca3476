package io.choria.lifecycle.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.simulator.Simulator;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The image in podman against a real nats-server (TLS with client certificates, as Choria's
 * brokers are) and a simulated fleet, twice: started as choria-io/helm's tally chart starts
 * choria/tally, and as our chart's rendered Deployment says (with a web configuration from a
 * Secret). Each time the tally's /metrics must
 * count exactly the fleet the simulator's ground truth says was sent.
 */
class PodmanIT {
    private static final String VERSION = System.getProperty("project.version");
    private static final Path LAYOUT = Path.of(System.getProperty("choria.image.dir"), "oci");

    @TempDir
    static Path dir;

    private static Podman podman;
    private static String image;
    private static TestPki pki;
    private static NatsServerProcess nats;
    /** The tally's client certificate and key, as a cert-manager Secret would hold them. */
    private static Map<String, String> certificateSecret;

    @BeforeAll
    static void imageAndBroker() throws IOException {
        podman = Podman.inTarget();
        image = podman.load(LAYOUT, VERSION, "localhost/choria-lifecycle-tally:" + VERSION);
        pki = TestPki.create(dir, "site");
        Path[] broker = pki.issueServer("broker");
        // 10 s for the TLS handshake: a JVM's first one took 0.9 to 2.4 s here with other builds loading the
        // 2 cores (load 8 to 10), more than nats-server's 0.5 s or Choria Broker's 2 s
        // (plugin.choria.network.tls_timeout); container/README.md says so
        nats = NatsServerProcess.start(false, "tls {\n  cert_file: \"" + broker[0] + "\"\n  key_file: \"" + broker[1]
                + "\"\n  ca_file: \"" + pki.caFile() + "\"\n  verify: true\n  timeout: 10\n}\n");
        Path[] tally = pki.issueClient("tally", TestPki.KeyEncoding.PKCS1_RSA);
        certificateSecret = Map.of("tls.crt", Files.readString(tally[0]), "tls.key", Files.readString(tally[1]),
                "ca.crt", Files.readString(pki.caFile()));
    }

    @AfterAll
    static void stopBroker() {
        if (nats != null) {
            nats.close();
        }
    }

    /**
     * choria-io/helm charts/tally/templates/tally.yaml (53b8af5): {@code command: ["/tally/tally"]},
     * {@code args: ["--config", "/tally/config/tally.conf", "--port", "<port>"]}, the ConfigMap of
     * its config/tally.conf at /tally/config, uid 2048 and fsGroup 2048. The reference's tally
     * enrols with cert-manager into /tally/ssl by itself; ours reads the files, so they are mounted
     * there as a cert-manager Secret would be.
     */
    @Test
    void theReferenceChartsCommandAndArgumentsRunOurTally() throws Exception {
        int port = NatsServerProcess.freePort();
        Path config = Files.createDirectories(dir.resolve("reference/config"));
        Files.writeString(config.resolve("tally.conf"), """
                ssldir = /tally/ssl
                logger_type = console
                loglevel = info
                plugin.choria.middleware_hosts = %s

                plugin.choria.ssldir = /tally/ssl
                plugin.security.provider = certmanager
                plugin.security.certmanager.namespace = choria
                plugin.security.certmanager.issuer = choria-ca
                """.formatted(nats.url()));
        Path ssl = Files.createDirectories(dir.resolve("reference/ssl"));
        Files.writeString(ssl.resolve("cert.pem"), certificateSecret.get("tls.crt"));
        Files.writeString(ssl.resolve("key.pem"), certificateSecret.get("tls.key"));
        Files.writeString(ssl.resolve("ca.pem"), certificateSecret.get("ca.crt"));
        readableByAll(config, ssl);

        String name = "reference-" + port;
        try {
            podman.start(name, List.of("--user=2048", "--group-add=2048", "--volume=" + config + ":/tally/config:ro",
                    "--volume=" + ssl + ":/tally/ssl:ro", "--entrypoint=[\"/tally/tally\"]", image,
                    "--config", "/tally/config/tally.conf", "--port", Integer.toString(port)));
            awaitReady(name, port, "/-/ready");
            // no --component in the reference chart: every component, as the reference's default '*'
            Map<String, Map<String, Long>> truth = simulate(7);
            awaitFleet(name, port, "choria_tally", truth);
            assertThat(podman.logs(name)).contains("Tallying * on choria.lifecycle.event.*.*").doesNotContain("Exception");
            stopsCleanly(name);
        } finally {
            podman.remove(name);
        }
    }

    /**
     * Our chart rendered with a broker, a port and a prefix of its own, and a web configuration
     * from a Secret (one basic-auth user, so the probes carry its Authorization header): its
     * Deployment, run as a kubelet would.
     */
    @Test
    void ourChartsDeploymentRunsAsRendered() throws Exception {
        int port = NatsServerProcess.freePort();
        String authorization = "Basic " + Base64.getEncoder().encodeToString("prometheus:scrape".getBytes(StandardCharsets.UTF_8));
        TallyChart.Manifests m = TallyChart.manifests(TallyChart.render(Map.of("tally.brokerUrls", nats.url(),
                "tally.port", port, "tally.prefix", "fleet_tally", "webConfig.secretName", "tally-web",
                "probes.httpHeaders[0].name", "Authorization", "probes.httpHeaders[0].value", authorization)));
        assertThat(m.container().path("image").asText()).isEqualTo(image);
        String certificate = m.one("Certificate").path("spec").path("secretName").asText();
        Map<String, String> web = Map.of("web-config.yml", "basic_auth_users:\n  prometheus: "
                + BCrypt.hashpw("scrape", BCrypt.gensalt(10)) + "\n");
        DeploymentRun run = new DeploymentRun(m, Map.of(certificate, certificateSecret, "tally-web", web), dir.resolve("ours"));
        String[] asProbes = probeHeaders(m.container().path("readinessProbe"));

        String name = "ours-" + port;
        try {
            podman.start(name, run.podmanArgs());
            awaitReady(name, port, m.container().path("readinessProbe").path("httpGet").path("path").asText(), asProbes);
            assertThat(MetricsText.status(port, m.container().path("livenessProbe").path("httpGet").path("path").asText(),
                    probeHeaders(m.container().path("livenessProbe")))).isEqualTo(200);
            assertThat(MetricsText.status(port, "/metrics")).as("without the password").isEqualTo(401);
            // the chart's tally.component, "server" by default, is passed on
            Map<String, Map<String, Long>> truth = new TreeMap<>(Map.of("server", simulate(11).get("server")));
            awaitFleet(name, port, "fleet_tally", truth, "Authorization", authorization);

            // the heap is the image's share of the container's memory limit
            double limit = DeploymentRun.bytes(m.container().path("resources").path("limits").path("memory").asText());
            double heap = MetricsText.scrape(port, "Authorization", authorization).value("jvm_memory_max_bytes",
                    Map.of("area", "heap"));
            assertThat(heap / limit).as("heap %s of the limit %s", heap, limit)
                    .isBetween(ImageSettings.maxRamPercentage() / 100 * 0.9, ImageSettings.maxRamPercentage() / 100);
            stopsCleanly(name);
        } finally {
            podman.remove(name);
        }
    }

    /** A probe's httpHeaders as name, value, ... */
    private static String[] probeHeaders(com.fasterxml.jackson.databind.JsonNode probe) {
        List<String> headers = new ArrayList<>();
        for (var h : probe.path("httpGet").path("httpHeaders")) {
            headers.add(h.path("name").asText());
            headers.add(h.path("value").asText());
        }
        return headers.toArray(String[]::new);
    }

    /** A fleet of 400 simulated nodes for 3 s over its own TLS connection; what it sent, by component and version. */
    private static Map<String, Map<String, Long>> simulate(long seed) throws Exception {
        Path[] client = pki.issueClient("fleet-" + seed, TestPki.KeyEncoding.PKCS1_RSA);
        try (Connection c = NatsConnector.connect(ConnectionSettings.builder().server(nats.url())
                .tls(client[0], client[1], pki.caFile()).name("fleet").build());
             Simulator fleet = Simulator.start(c, new Simulator.Settings(400, seed, Duration.ofMillis(500),
                     Duration.ofMillis(500), Duration.ofSeconds(3)))) {
            assertThat(fleet.awaitEnd(Duration.ofSeconds(60))).isTrue();
            assertThat(fleet.failure()).isNull();
            assertThat(fleet.stats().publishFailures()).isZero();
            return fleet.truth();
        }
    }

    private static void awaitReady(String name, int port, String path, String... headers) {
        Poll.until(Duration.ofSeconds(60), () -> MetricsText.status(port, path, headers) == 200,
                () -> path + " on " + port + " answers 200; the container's log:\n" + podman.logs(name));
    }

    private static void awaitFleet(String name, int port, String prefix, Map<String, Map<String, Long>> truth,
            String... headers) {
        assertThat(truth).isNotEmpty();
        Poll.until(Duration.ofSeconds(30), () -> MetricsText.scrape(port, headers).fleet(prefix).equals(truth),
                () -> prefix + "_versions count " + MetricsText.scrape(port, headers).fleet(prefix) + ", the fleet sent " + truth
                        + "; the container's log:\n" + podman.logs(name));
    }

    /** SIGTERM (podman stop, as a kubelet stops a pod) ends the tally with exit code 0. */
    private static void stopsCleanly(String name) {
        podman.run("stop", "--time", "20", name).ok();
        assertThat(podman.inspect(name, "{{.State.ExitCode}}")).as(podman.logs(name)).isEqualTo("0");
    }

    /** As a kubelet writes a ConfigMap's files: readable by the container's user. */
    private static void readableByAll(Path... dirs) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path d : dirs) {
            try (var files = Files.walk(d)) {
                files.forEach(all::add);
            }
        }
        for (Path p : all) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                    Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }
}
