package io.choria.lifecycle.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm chart, linted and rendered by Helm's own code with no cluster. */
class ChartTest {
    /** Where a default render is kept, with the version as @VERSION@ so that a new version needs no new file. */
    private static final Path EXPECTED = Path.of("src/test/resources/default-render.yaml");
    private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    private static final String FULL_NAME = "tally-choria-lifecycle-tally";

    @TempDir
    Path dir;

    @Test
    void lintsWithoutAWarning() {
        LintResult lint = TallyChart.lint();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void theDefaultRenderIsTheCheckedInOne() throws IOException {
        String rendered = TallyChart.render(Map.of()).replace(VERSION, "@VERSION@");
        String expected = Files.readString(EXPECTED, StandardCharsets.UTF_8);
        if (!rendered.equals(expected)) {
            Path actual = Path.of("target", "default-render.actual.yaml");
            Files.createDirectories(actual.getParent());
            Files.writeString(actual, rendered, StandardCharsets.UTF_8);
            assertThat(rendered).as("the default render differs from " + EXPECTED + "; if the change is meant, copy "
                    + actual.toAbsolutePath() + " over it").isEqualTo(expected);
        }
        TallyChart.Manifests m = TallyChart.manifests(rendered);
        assertThat(m.kinds()).containsExactly("ConfigMap", "Service", "Deployment", "Certificate");
        assertThat(m.container().path("command").get(0).asText()).isEqualTo("/usr/bin/choria-lifecycle");
        assertThat(m.args()).startsWith("tally", "--config", "/tally/config/tally.conf", "--port", "8080",
                "--component", "server", "--prefix", "choria_tally");
    }

    /** A values file written for choria-io/helm's tally chart, every key of it changed from its default. */
    @Test
    void aValuesFileOfTheReferenceChartIsTakenWholeComponentAndPrefixIncluded() throws IOException {
        Path values = dir.resolve("reference-values.yaml");
        Files.writeString(values, """
                image:
                  registry: registry.example.net
                  repository: choria/choria-lifecycle-tally
                  tag: 9.9.9
                  pullPolicy: Always
                  pullSecret: pull-me
                securityContext:
                  enabled: true
                  fsGroup: 3000
                  runAsUser: 3001
                podAnnotations:
                  team: fleet
                podLabels:
                  tier: monitoring
                tally:
                  component: provision_mode_server
                  prefix: fleet_tally
                  certManagerIssuer: site-ca
                  serviceAccount: choria-csraccess
                  loglevel: debug
                  port: 9191
                  brokerUrls: "nats://broker-0.broker:4222,nats://broker-1.broker:4222"
                """);
        TallyChart.Manifests m = TallyChart.manifests(TallyChart.render(values));
        JsonNode pod = m.one("Deployment").path("spec").path("template");
        JsonNode container = m.container();

        assertThat(container.path("image").asText()).isEqualTo("registry.example.net/choria/choria-lifecycle-tally:9.9.9");
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(pod.path("spec").path("imagePullSecrets").findValuesAsText("name")).containsExactly("pull-me");
        assertThat(pod.path("spec").path("securityContext").path("fsGroup").asInt()).isEqualTo(3000);
        assertThat(pod.path("spec").path("securityContext").path("runAsUser").asInt()).isEqualTo(3001);
        assertThat(pod.path("metadata").path("annotations").path("team").asText()).isEqualTo("fleet");
        assertThat(pod.path("metadata").path("labels").path("tier").asText()).isEqualTo("monitoring");
        assertThat(pod.path("spec").path("serviceAccountName").asText()).isEqualTo("choria-csraccess");
        // what the reference chart never passes: the component and the prefix
        assertThat(m.args()).containsSequence("--component", "provision_mode_server")
                .containsSequence("--prefix", "fleet_tally").containsSequence("--port", "9191").contains("--debug");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(9191);
        assertThat(m.one("Service").path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(9191);
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText()).isEqualTo("9191");
        String conf = m.one("ConfigMap").path("data").path("tally.conf").asText();
        assertThat(conf).contains("plugin.choria.middleware_hosts = nats://broker-0.broker:4222,nats://broker-1.broker:4222\n")
                .contains("plugin.security.provider = certmanager\n").contains("plugin.choria.ssldir = /tally/ssl\n")
                .contains("plugin.security.certmanager.issuer = site-ca\n").contains("loglevel = debug\n");
        assertThat(m.one("Certificate").path("spec").path("issuerRef").path("name").asText()).isEqualTo("site-ca");
    }

    @Test
    void moreThanOneReplicaRunsAnElection() {
        TallyChart.Manifests one = TallyChart.manifests(TallyChart.render(Map.of()));
        assertThat(one.args()).doesNotContain("--election");
        assertThat(one.one("Deployment").path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");

        TallyChart.Manifests three = TallyChart.manifests(TallyChart.render(Map.of("replicas", 3)));
        assertThat(three.one("Deployment").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(three.args()).containsSequence("--election", FULL_NAME);
        assertThat(three.one("Deployment").path("spec").path("strategy").path("type").asText()).isEqualTo("RollingUpdate");

        assertThat(TallyChart.manifests(TallyChart.render(Map.of("replicas", 2, "tally.election", "fleet_tally"))).args())
                .containsSequence("--election", "fleet_tally");
    }

    @Test
    void theWebConfigurationComesFromASecretAndTheProbesFollowItsScheme() {
        TallyChart.Manifests m = TallyChart.manifests(TallyChart.render(Map.of("webConfig.secretName", "tally-web",
                "probes.scheme", "HTTPS")));
        assertThat(m.args()).containsSequence("--web.config.file", "/tally/web/web-config.yml");
        JsonNode spec = m.one("Deployment").path("spec").path("template").path("spec");
        assertThat(volume(spec, "web").path("secret").path("secretName").asText()).isEqualTo("tally-web");
        assertThat(m.container().path("volumeMounts").findValuesAsText("mountPath")).contains("/tally/web");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(m.container().path(probe).path("httpGet").path("scheme").asText()).as(probe).isEqualTo("HTTPS");
        }
        assertThat(m.container().path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/-/ready");
        assertThat(m.container().path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/-/healthy");
    }

    @Test
    void theCertificatesSecretIsMountedWhereTheCertmanagerProviderReads() {
        TallyChart.Manifests m = TallyChart.manifests(TallyChart.render(Map.of()));
        JsonNode certificate = m.one("Certificate").path("spec");
        assertThat(certificate.path("secretName").asText()).isEqualTo(FULL_NAME + "-tls");
        assertThat(certificate.path("usages").findValuesAsText("usages")).isEmpty();
        assertThat(certificate.path("usages").toString()).contains("client auth");
        JsonNode ssl = volume(m.one("Deployment").path("spec").path("template").path("spec"), "ssl").path("secret");
        assertThat(ssl.path("secretName").asText()).isEqualTo(FULL_NAME + "-tls");
        assertThat(ssl.path("items").toString()).isEqualTo("[{\"key\":\"tls.crt\",\"path\":\"cert.pem\"},"
                + "{\"key\":\"tls.key\",\"path\":\"key.pem\"},{\"key\":\"ca.crt\",\"path\":\"ca.pem\"}]");

        TallyChart.Manifests plain = TallyChart.manifests(TallyChart.render(Map.of("tally.tls", false)));
        assertThat(plain.kinds()).doesNotContain("Certificate");
        assertThat(plain.args()).contains("--tls=false");
        assertThat(plain.one("ConfigMap").path("data").path("tally.conf").asText()).doesNotContain("plugin.security");
        assertThat(plain.container().path("volumeMounts").findValuesAsText("mountPath")).doesNotContain("/tally/ssl");
    }

    @Test
    void theServiceMonitorNamesTheJobTheAlertRulesExpect() {
        TallyChart.Manifests m = TallyChart.manifests(TallyChart.render(Map.of("serviceMonitor.enabled", true)));
        JsonNode endpoint = m.one("ServiceMonitor").path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.path("relabelings").get(0).path("replacement").asText()).isEqualTo("choria_lifecycle_tally");
        assertThat(endpoint.path("relabelings").get(0).path("targetLabel").asText()).isEqualTo("job");

        assertThatThrownBy(() -> TallyChart.render(Map.of("serviceMonitor.enabled", true, "service.enabled", false)))
                .hasMessageContaining("serviceMonitor.enabled needs service.enabled");
    }

    @Test
    void theHeapShareAndJvmFlagsGoToTheJvm() {
        assertThat(TallyChart.manifests(TallyChart.render(Map.of())).container().has("env")).isFalse();
        TallyChart.Manifests m = TallyChart.manifests(TallyChart.render(Map.of("jvm.maxRamPercentage", 60,
                "jvm.options", "-Xss512k")));
        JsonNode env = m.container().path("env").get(0);
        assertThat(env.path("name").asText()).isEqualTo("JAVA_TOOL_OPTIONS");
        assertThat(env.path("value").asText()).isEqualTo("-XX:MaxRAMPercentage=60 -Xss512k");
    }

    private static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + podSpec.path("volumes"));
    }
}
