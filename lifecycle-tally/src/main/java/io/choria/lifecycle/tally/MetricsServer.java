package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code /metrics} over HTTP with the JDK's server, always in the Prometheus text format
 * 0.0.4 (counters without {@code _total}, see {@link PrometheusTextWriter}), whatever the
 * scraper's {@code Accept} says, as the reference's client_golang handler does by default.
 * Prometheus asks for OpenMetrics first, and stores an OpenMetrics counter under its sample name
 * {@code <name>_total}: answering it would rename every counter in Prometheus and break the
 * dashboards and alerts this tally is a drop-in for. Other paths go to the fleet page and API
 * ({@link FleetWeb}) when the tally serves them, else they are a 404. A pool that grows on demand
 * answers requests, so slow or malformed clients cannot hold it. The JDK server's request and
 * response time limits are JVM-wide system properties ({@code sun.net.httpserver.maxReqTime},
 * {@code maxRspTime}): the library leaves them to the program, and {@code choria-lifecycle}
 * sets 10 s and 30 s.
 */
final class MetricsServer implements AutoCloseable {
    private static final int THREADS = 4;
    private static final int MAX_THREADS = 256;

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private final HttpHandler others;
    private final PrometheusTextWriter textWriter = new PrometheusTextWriter();

    private MetricsServer(HttpServer server, ExecutorService executor, PrometheusRegistry registry, HttpHandler others) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.others = others;
    }

    /**
     * Listens on {@code bind:port} (all interfaces when {@code bind} is null or empty; port 0
     * picks a free port).
     *
     * @throws LifecycleException when the address cannot be bound
     */
    static MetricsServer start(String bind, int port, PrometheusRegistry registry) {
        return start(bind, port, registry, null);
    }

    /** As {@link #start(String, int, PrometheusRegistry)}, handing every path but {@code /metrics} to {@code others} (404 when null). */
    static MetricsServer start(String bind, int port, PrometheusRegistry registry, HttpHandler others) {
        InetSocketAddress address = bind == null || bind.isEmpty()
                ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
        if (address.isUnresolved()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot listen on " + bind + ":" + port + ": unknown host");
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new LifecycleException(Reason.UNAVAILABLE, "cannot listen on " + (bind == null ? "" : bind) + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService pool = requestPool();
        MetricsServer ms = new MetricsServer(http, pool, registry, others);
        http.createContext("/", ms::handle);
        http.setExecutor(pool);
        http.start();
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
    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"/metrics".equals(path) && others != null) {
                others.handle(exchange);
                return;
            }
            if (!"/metrics".equals(path)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            textWriter.write(new OutputStreamWriter(body, StandardCharsets.UTF_8), registry.scrape());
            respond(exchange, 200, PrometheusTextWriter.CONTENT_TYPE, "HEAD".equals(method) ? null : body.toByteArray());
        } catch (UncheckedIOException e) {
            // the scraper went away mid-response: nothing to do
        }
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
        executor.shutdownNow(); // first: frees the server's dispatcher if it waits for a thread
        server.stop(0);
    }
}
