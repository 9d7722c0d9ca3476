package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Serves {@code /metrics} with the JDK's server, always in the Prometheus text format 0.0.4,
 * whatever the scraper's {@code Accept} says, as the reference's client_golang handler does by
 * default. The tally's own families are written as the reference writes them (counters without
 * {@code _total}, see {@link PrometheusTextWriter}): Prometheus asks for OpenMetrics first, and
 * stores an OpenMetrics counter under its sample name {@code <name>_total}, which would rename
 * every counter in Prometheus and break the dashboards and alerts this tally is a drop-in for.
 * Other families in the registry (client_java's JVM and process metrics) are written by
 * client_java's own text writer, under client_java's names ({@code process_cpu_seconds_total}).
 * {@code /metrics} is gzipped when the scraper accepts it.
 *
 * <p>{@code /-/healthy} answers while the process serves, {@code /-/ready} while the tally is
 * connected and started (warm start done), as Prometheus and client_java name them; before it has
 * started every other path is a 503 ({@link Readiness#notServingBecause()}). Other paths
 * go to the fleet page and API ({@link FleetWeb}) unless the port serves metrics only, else they
 * are a 404. With a web configuration file (exporter-toolkit format) every path is behind its TLS,
 * basic auth, headers and rate limit ({@link WebGate}, {@link ServerTls}).
 *
 * <p>A pool that grows on demand answers requests, so slow or malformed clients cannot hold it.
 * The JDK server's request and response time limits are JVM-wide system properties
 * ({@code sun.net.httpserver.maxReqTime}, {@code maxRspTime}): the library leaves them to the
 * program, and {@code choria-lifecycle} sets 10 s and 30 s.
 */
public final class MetricsServer implements AutoCloseable {
    private static final int THREADS = 4;
    private static final int MAX_THREADS = 256;
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private final Set<String> referenceFamilies;
    private final Readiness readiness;
    private final HttpHandler others;
    private final PrometheusTextWriter textWriter = new PrometheusTextWriter();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PrometheusTextFormatWriter clientJavaWriter = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    /** Why the tally is not ready to be scraped, or null when it is. */
    public interface Readiness {
        String notReadyBecause();

        /**
         * Why the tally has nothing to serve yet (it waits for a broker, its warm start runs), or
         * null once it counts: until then every path but {@code /-/healthy} and {@code /-/ready}
         * answers 503 with this reason, so that a scrape fails (Prometheus' {@code up} is 0) as
         * it did while the port was not open yet, rather than storing an empty or half-replayed
         * fleet. Null by default: serving as soon as the port is open.
         */
        default String notServingBecause() {
            return null;
        }
    }

    private MetricsServer(HttpServer server, ExecutorService executor, PrometheusRegistry registry,
                          Set<String> referenceFamilies, Readiness readiness, HttpHandler others) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.referenceFamilies = Set.copyOf(referenceFamilies);
        this.readiness = readiness;
        this.others = others;
    }

    /**
     * Listens as {@code http} says (all interfaces when no bind address; port 0 picks a free port).
     *
     * @param referenceFamilies the families written the reference's way; null for every family
     *        in the registry when the port opens
     * @param others the fleet page and API, or null
     * @throws LifecycleException when the address cannot be bound
     */
    public static MetricsServer start(HttpSettings http, PrometheusRegistry registry, Set<String> referenceFamilies,
                               Readiness readiness, HttpHandler others) {
        String bind = http.bind();
        int port = http.port();
        InetSocketAddress address = bind == null || bind.isEmpty()
                ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
        if (address.isUnresolved()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot listen on " + bind + ":" + port + ": unknown host");
        }
        HttpServer server;
        try {
            if (http.web() != null && http.web().current().tlsEnabled()) {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(ServerTls.from(http.web()));
                server = https;
            } else {
                server = HttpServer.create(address, 64);
            }
        } catch (IOException e) {
            throw new LifecycleException(Reason.UNAVAILABLE, "cannot listen on " + (bind == null ? "" : bind) + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService pool = requestPool();
        Set<String> families = referenceFamilies;
        if (families == null) {
            families = new HashSet<>();
            for (MetricSnapshot s : registry.scrape()) {
                families.add(s.getMetadata().getPrometheusName());
            }
        }
        MetricsServer ms = new MetricsServer(server, pool, registry, families, readiness, http.metricsOnly() ? null : others);
        server.createContext("/", http.web() == null ? ms::handle : WebGate.around(http.web(), ms::handle));
        server.setExecutor(pool);
        server.start();
        return ms;
    }

    /**
     * Why so many threads: the JDK server reads a request's headers on the executor's thread, so
     * every client that sends half a request holds one until {@code maxReqTime} drops it; with a
     * small fixed pool a handful of such clients would stall every scrape. Threads beyond
     * {@value #THREADS} are made on demand up to {@value #MAX_THREADS} and retire when idle;
     * past that, requests wait in line for a free thread rather than being refused.
     */
    private static ExecutorService requestPool() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "tally-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, MAX_THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons);
        pool.setRejectedExecutionHandler((r, full) -> {
            try {
                // waits for a thread, but gives up once the pool is shut down so close() never hangs
                while (!full.isShutdown()) {
                    if (full.getQueue().offer(r, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return pool;
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Whether the port speaks TLS. */
    public boolean https() {
        return server instanceof HttpsServer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean health = "/-/healthy".equals(path) || "/-/ready".equals(path);
            boolean own = "/metrics".equals(path) || health;
            String notServing = health ? null : readiness.notServingBecause();
            if (notServing != null) {
                respond(exchange, 503, TEXT, "HEAD".equals(exchange.getRequestMethod()) ? null
                        : ("Not ready: " + notServing + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!own && others != null) {
                others.handle(exchange);
                return;
            }
            if (!own) {
                respond(exchange, 404, TEXT, "404 page not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                respond(exchange, 405, TEXT, "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            boolean head = "HEAD".equals(method);
            switch (path) {
                case "/-/healthy" -> respond(exchange, 200, TEXT, head ? null : "Healthy.\n".getBytes(StandardCharsets.UTF_8));
                case "/-/ready" -> {
                    String why = readiness.notReadyBecause();
                    byte[] body = (why == null ? "Ready.\n" : "Not ready: " + why + "\n").getBytes(StandardCharsets.UTF_8);
                    respond(exchange, why == null ? 200 : 503, TEXT, head ? null : body);
                }
                default -> metrics(exchange, head);
            }
        } catch (UncheckedIOException e) {
            // the scraper went away mid-response: nothing to do
        }
    }

    private void metrics(HttpExchange exchange, boolean head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        boolean gzip = acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
        try (OutputStream out = gzip ? new GZIPOutputStream(body, 8192) : body) {
            write(out);
        }
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        respond(exchange, 200, PrometheusTextWriter.CONTENT_TYPE, head ? null : body.toByteArray());
    }

    /** Every family in name order, each by the writer it belongs to. */
    void write(OutputStream out) throws IOException {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (MetricSnapshot family : registry.scrape()) {
            if (referenceFamilies.contains(family.getMetadata().getPrometheusName())) {
                textWriter.write(text, MetricSnapshots.of(family));
            } else {
                text.flush();
                clientJavaWriter.write(out, MetricSnapshots.of(family));
            }
        }
        text.flush();
    }

    /** Whether {@code Accept-Encoding} lists gzip with a weight above 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] coding = part.trim().split(";");
            if (coding[0].trim().equalsIgnoreCase("gzip")) {
                return coding.length < 2 || !coding[1].trim().matches("q=0(\\.0{0,3})?");
            }
        }
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow(); // first: frees the server's dispatcher if it waits for a thread
        server.stop(0);
    }
}
