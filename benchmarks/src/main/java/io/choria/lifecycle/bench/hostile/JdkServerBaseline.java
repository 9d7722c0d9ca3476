package io.choria.lifecycle.bench.hostile;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The port as it was before Jetty, for comparison in the same run: the JDK's
 * {@code com.sun.net.httpserver} with the pool the tally gave it (4 threads growing to 256, then
 * requests wait for a thread) and the command's request time limit (10 s), serving the same
 * registry. Never shipped: a baseline, as {@code HashMapNodeTable} is for the node table.
 */
final class JdkServerBaseline implements AutoCloseable {
    private final HttpServer server;
    private final ThreadPoolExecutor pool;

    private JdkServerBaseline(HttpServer server, ThreadPoolExecutor pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Must run before the JDK server's classes load: it reads its limits once. */
    static void setTimeLimits() {
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("sun.net.httpserver.maxRspTime", "30");
    }

    /** Serves {@code registry} on a free loopback port, over TLS with {@code tls} when it is not null. */
    static JdkServerBaseline start(PrometheusRegistry registry, javax.net.ssl.SSLContext tls) throws IOException {
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress("127.0.0.1", 0), 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "jdk-baseline");
            t.setDaemon(true);
            return t;
        });
        pool.setRejectedExecutionHandler((r, full) -> {
            try {
                while (!full.isShutdown() && !full.getQueue().offer(r, 100, TimeUnit.MILLISECONDS)) {
                    // wait for a free thread, as the tally's pool did
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                writer.write(body, registry.scrape());
                exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.size());
                try (OutputStream out = exchange.getResponseBody()) {
                    body.writeTo(out);
                }
            }
        });
        server.setExecutor(pool);
        server.start();
        return new JdkServerBaseline(server, pool);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        server.stop(0);
    }
}
