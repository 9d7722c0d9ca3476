package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.process.MainClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** A tally command in a JVM of its own (the launcher's settings), on a free port, plain or behind a web configuration. */
final class ScrapeTarget implements AutoCloseable {
    private static final String USER = "prometheus";
    private static final String PASSWORD = "bench-password";

    private final Process process;
    private final Path log;
    private final URI metrics;
    private final HttpClient client;
    private final String authorization;

    private ScrapeTarget(Process process, Path log, URI metrics, HttpClient client, String authorization) {
        this.process = process;
        this.log = log;
        this.metrics = metrics;
        this.client = client;
        this.authorization = authorization;
    }

    /** Starts {@code tally} on {@code server}; with {@code pki}, over TLS with a basic auth user. */
    static ScrapeTarget start(String server, Pki pki) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ReceiverProcess.jvmOptions("tally"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MainClass.NAME, "tally",
                "--server", server, "--web.listen-address", "127.0.0.1:" + port, "--no-replay"));
        if (pki != null) {
            command.addAll(List.of("--web.config.file", pki.webConfig().toString()));
        }
        Path log = Files.createTempFile("bench-scrape-tally", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("tally: serving")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the tally did not start: " + Files.readString(log).strip());
            }
            Thread.sleep(50);
        }
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (pki != null) {
            http.sslContext(pki.trusting());
        }
        String auth = pki == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return new ScrapeTarget(p, log, URI.create((pki == null ? "http" : "https") + "://127.0.0.1:" + port + "/metrics"),
                http.build(), auth);
    }

    /** A scrape request as Prometheus sends it: gzip accepted, the user when there is one. */
    HttpRequest request() {
        HttpRequest.Builder r = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30))
                .header("Accept-Encoding", "gzip");
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return r.build();
    }

    HttpClient client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }

    /** A self-signed certificate for 127.0.0.1 made with openssl, and a web configuration naming it and a user. */
    record Pki(Path dir, Path certificate, Path webConfig) implements AutoCloseable {
        static Pki create() throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("bench-scrape-pki");
            Path cert = dir.resolve("tally.pem");
            Path key = dir.resolve("tally-key.pem");
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=tally", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(),
                    "-out", cert.toString()).redirectErrorStream(true).start();
            String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl could not make a test certificate (is it installed?): " + said.strip());
            }
            Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: " + cert
                    + "\n  key_file: " + key + "\nbasic_auth_users:\n  " + USER + ": "
                    + BCrypt.hashpw(PASSWORD, BCrypt.gensalt("$2y", 10)) + "\n");
            return new Pki(dir, cert, web);
        }

        SSLContext trusting() {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                try (var in = Files.newInputStream(certificate)) {
                    trust.setCertificateEntry("tally", CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            } catch (Exception e) {
                throw new IllegalStateException("cannot trust " + certificate + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
