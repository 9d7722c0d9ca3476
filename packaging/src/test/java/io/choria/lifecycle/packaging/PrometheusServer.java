package io.choria.lifecycle.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Debian {@code prometheus} server on a free loopback port, run from the example scrape
 * configuration with its target pointed at a test tally and its intervals shortened to a second.
 */
final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path dir;
    private final int port;
    private final Process process;

    private PrometheusServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts Prometheus on the example configuration, scraping {@code target} ("host:port"), and waits until it is ready. */
    static PrometheusServer scraping(String target) throws IOException {
        Path dir = Files.createTempDirectory("prometheus-test-");
        return start(dir, exampleConfigFor(target, dir));
    }

    /**
     * One job of the example's scrape configuration, under {@code name}, scraping {@code target}
     * with the secured variant {@code variant} ("a" or "b" of its comments, uncommented as an
     * operator would), or plain when null; {@code files} replace the example's paths, and
     * {@code settings} (YAML, may be null) is added to the job.
     */
    record Job(String name, String target, String variant, Map<String, String> files, String settings) {
    }

    /** Starts Prometheus on the example configuration with {@code jobs} instead of its one job. */
    static PrometheusServer scraping(List<Job> jobs) throws IOException {
        Path dir = Files.createTempDirectory("prometheus-test-");
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode config = (ObjectNode) yaml.readTree(exampleConfigFor("placeholder:1", dir));
        ObjectNode template = (ObjectNode) config.get("scrape_configs").get(0);
        ArrayNode scrapes = config.putArray("scrape_configs");
        String example = Files.readString(OperatorFiles.SCRAPE_CONFIG);
        for (Job j : jobs) {
            ObjectNode job = template.deepCopy();
            job.put("job_name", j.name());
            ((ArrayNode) job.get("static_configs").get(0).get("targets")).removeAll().add(j.target());
            if (j.variant() != null) {
                String variant = uncommented(example, j.variant());
                for (Map.Entry<String, String> f : j.files().entrySet()) {
                    variant = variant.replace(f.getKey(), f.getValue());
                }
                job.setAll((ObjectNode) yaml.readTree(variant));
            }
            if (j.settings() != null) {
                job.setAll((ObjectNode) yaml.readTree(j.settings()));
            }
            scrapes.add(job);
        }
        return start(dir, yaml.writeValueAsString(config));
    }

    /**
     * The settings of variant {@code letter} of the example's job: the commented lines under
     * "(letter)" that hold YAML ("#key: value", "#  key: value"), uncommented with their
     * indentation, up to the next empty comment line.
     */
    static String uncommented(String example, String letter) {
        StringBuilder yaml = new StringBuilder();
        boolean in = false;
        for (String line : example.lines().toList()) {
            String t = line.trim();
            if (t.startsWith("# (" + letter + ")")) {
                in = true;
            } else if (in && t.equals("#")) {
                break;
            } else if (in && t.matches("#\\s*[a-z_]+:.*")) {
                yaml.append(line.substring(line.indexOf('#') + 1)).append('\n');
            }
        }
        if (yaml.length() == 0) {
            throw new AssertionError("the example prometheus.yml has no variant (" + letter + ")");
        }
        return yaml.toString();
    }

    private static PrometheusServer start(Path dir, String configText) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, configText);
        int port = NatsServerProcess.freePort();
        Process p = new ProcessBuilder(OperatorFiles.prometheus(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(dir, port, p);
        try {
            Poll.until(Duration.ofSeconds(30), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("prometheus exited " + p.exitValue() + ":\n" + server.log());
                }
                return server.ready();
            }, () -> "prometheus ready:\n" + server.log());
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The example prometheus.yml as an operator would adapt it: the tally's address, the rule file
     * by its absolute path, and 1 s intervals so that the test need not wait 30 s per scrape.
     */
    private static String exampleConfigFor(String target, Path dir) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode config = (ObjectNode) yaml.readTree(OperatorFiles.SCRAPE_CONFIG.toFile());
        ObjectNode global = (ObjectNode) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        ArrayNode ruleFiles = (ArrayNode) config.get("rule_files");
        String rules = ruleFiles.get(0).asText();
        ruleFiles.removeAll().add(OperatorFiles.PROMETHEUS_DIR.resolve(rules).toString());
        JsonNode job = config.get("scrape_configs").get(0);
        ArrayNode targets = (ArrayNode) job.get("static_configs").get(0).get("targets");
        targets.removeAll().add(target);
        return yaml.writeValueAsString(config);
    }

    /** GET /api/v1/query for {@code promql} now; the parsed answer, whatever its status. */
    JsonNode query(String promql) {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            return new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON from Prometheus (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    JsonNode api(String path) {
        try {
            return new ObjectMapper().readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from prometheus", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String log() {
        try {
            Path log = dir.resolve("prometheus.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        delete(dir.toFile());
    }

    private static void delete(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                delete(c);
            }
        }
        f.delete();
    }
}
