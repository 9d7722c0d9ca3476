package io.choria.lifecycle.bench.hostile;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.tally.Tally;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tally's port under hostile clients, measured (issue 25): scrape latency with and without
 * {@code --connections} half-open connections, plain and over TLS, beside the JDK server the port
 * used before, in one run; then three real fleet pages (headless Chromium) and a scraper against
 * the documented {@code rate_limit} (100ms, burst 20), counting refused scrapes. Everything on
 * loopback: a real nats-server, the real {@link Tally} in this JVM. docs/benchmarks.md has the
 * command and the numbers.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.choria.lifecycle.bench.hostile.HostileClientsBench</pre>
 */
public final class HostileClientsBench {
    private static final Pattern RATE_REFUSED = Pattern.compile(
            "(?m)^choria_tally_http_refused\\{active=\"1\",reason=\"rate_limit\"} (\\S+)$");

    /** How long the attack's connections sit before scrapes are timed: the server has read what they sent by then. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private HostileClientsBench() {
    }

    public static void main(String[] args) throws Exception {
        JdkServerBaseline.setTimeLimits();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Duration every = Duration.ofMillis(100);
        Path dir = Files.createTempDirectory("bench-hostile");
        SelfSignedTls tls = SelfSignedTls.create(dir);
        Path plainWeb = Files.writeString(dir.resolve("plain.yml"), "");
        Path tlsWeb = Files.writeString(dir.resolve("tls.yml"), "tls_server_config:\n  cert_file: " + tls.certificate()
                + "\n  key_file: " + tls.key() + "\n");
        System.out.printf(Locale.ROOT, "bench hostile-clients: %d scrapes, one every %d ms, a kept connection; attack: %d"
                + " half-open connections from %d loopback addresses%n", scrapes, every.toMillis(), connections,
                HalfOpenAttack.ADDRESSES);
        System.out.printf(Locale.ROOT, "  %-56s %7s %8s %8s %8s %7s%n", "port, scrapes, attack", "scrapes", "p50 ms", "p99 ms",
                "max ms", "failed");
        try (NatsServerProcess nats = NatsServerProcess.start(); Connection c = Nats.connect(nats.url())) {
            double plainRatio = attacked(c, plainWeb, null, connections, scrapes, every, "Jetty, plain HTTP");
            double tlsRatio = attacked(c, tlsWeb, tls, connections, scrapes, every, "Jetty, TLS");
            double jdkPlainRatio = jdkRound(null, connections, scrapes, every);
            double jdkTlsRatio = jdkRound(tls, connections, scrapes, every);
            System.out.printf(Locale.ROOT, "  p99 under attack / p99 without: Jetty plain %.2fx, Jetty TLS %.2fx; JDK server"
                    + " plain %.2fx, TLS %.2fx (goal for the port: within 2x)%n", plainRatio, tlsRatio, jdkPlainRatio,
                    jdkTlsRatio);
            pages(c, dir);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Scrapes of a tally behind {@code web}, then the same while {@code connections} connections sit half-open. */
    private static double attacked(Connection c, Path web, SelfSignedTls tls, int connections, int scrapes, Duration every,
                                String name) throws Exception {
        try (Tally tally = Tally.builder().connection(c).prefix("choria_tally").registry(new PrometheusRegistry())
                .port(0).bind("127.0.0.1").replay(false).webConfigFile(web).start()) {
            fleet(c, 1000);
            HttpClient client = (tls == null ? HttpClient.newBuilder() : HttpClient.newBuilder().sslContext(tls.trusting()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI url = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + tally.port() + "/metrics");
            return measure(name, tally.port(), client, url, tls, connections, scrapes, every, scrapes);
        }
    }

    private static double jdkRound(SelfSignedTls tls, int connections, int scrapes, Duration every) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        io.prometheus.metrics.core.metrics.Counter.builder().name("bench_good_events").help("events")
                .labelNames("component").register(registry).labelValues("server").inc();
        String name = "JDK server (before), " + (tls == null ? "plain HTTP" : "TLS");
        try (JdkServerBaseline jdk = JdkServerBaseline.start(registry, tls == null ? null : tls.serving())) {
            HttpClient client = (tls == null ? HttpClient.newBuilder() : HttpClient.newBuilder().sslContext(tls.trusting()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI url = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + jdk.port() + "/metrics");
            // fewer scrapes under attack: each may wait for the JDK's 10 s request limit to free a thread
            return measure(name, jdk.port(), client, url, tls, connections, scrapes, every, 20);
        }
    }

    /**
     * Scrapes on a kept connection and on new ones, quiet and while {@code connections} connections sit
     * half-open; the ratio of the p99s under attack to without, the worse of the two ways.
     */
    private static double measure(String name, int port, HttpClient client, URI url, SelfSignedTls tls, int connections,
                                  int scrapes, Duration every, int attackedScrapes) throws Exception {
        javax.net.ssl.SSLContext context = tls == null ? null : tls.trusting();
        TimedScrapes.run(client, url, 10, every); // warm: compiled, connection open
        TimedScrapes.Result kept = TimedScrapes.run(client, url, scrapes, every);
        TimedScrapes.Result fresh = TimedScrapes.fresh(port, context, scrapes, every);
        System.out.println(kept.row(name + ", kept connection"));
        System.out.println(fresh.row(name + ", new connections"));
        try (HalfOpenAttack attack = HalfOpenAttack.start(port, connections, tls == null
                ? HalfOpenAttack.PLAIN : HalfOpenAttack.TLS, SETTLE)) {
            TimedScrapes.Result keptAttacked = TimedScrapes.run(client, url, attackedScrapes, every);
            TimedScrapes.Result freshAttacked = TimedScrapes.fresh(port, context, attackedScrapes, every);
            System.out.println(keptAttacked.row(name + ", kept, " + connections + " half-open"));
            System.out.println(freshAttacked.row(name + ", new, " + connections + " half-open"));
            System.out.println("    (attack: " + attack.summary() + ")");
            return Math.max(keptAttacked.percentile(0.99) / kept.percentile(0.99),
                    freshAttacked.percentile(0.99) / fresh.percentile(0.99));
        }
    }

    /** Three open fleet pages and a scraper every 500 ms for 30 s, events flowing, the documented rate limit. */
    private static void pages(Connection c, Path dir) throws Exception {
        Path web = Files.writeString(dir.resolve("rate.yml"), "rate_limit:\n  interval: 100ms\n  burst: 20\n");
        try (Tally tally = Tally.builder().connection(c).prefix("choria_tally").registry(new PrometheusRegistry())
                .port(0).bind("127.0.0.1").replay(false).webConfigFile(web).start()) {
            fleet(c, 1000);
            String origin = "http://127.0.0.1:" + tally.port();
            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread events = new Thread(() -> {
                for (int i = 0; publishing.get(); i++) {
                    publish(c, "node-" + (i % 1000), i % 2 == 0 ? "1.0" : "1.1");
                    sleep(20); // 50 events a second: the feed passes 20 of them, each a reason for the page to look
                }
            }, "bench-events");
            events.start();
            FleetPages.Requests asked;
            TimedScrapes.Result scrapes;
            try (FleetPages pages = FleetPages.open(origin + "/", 3, Files.createDirectories(dir.resolve("pages")))) {
                sleep(5000); // the pages load and open their feeds
                scrapes = TimedScrapes.run(HttpClient.newHttpClient(), URI.create(origin + "/metrics"), 60,
                        Duration.ofMillis(500));
                asked = pages.closeAndCount(origin);
            } finally {
                publishing.set(false);
                events.join();
            }
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(origin + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher refused = RATE_REFUSED.matcher(metrics);
            System.out.printf(Locale.ROOT, "fleet pages: 3 headless Chromium pages and a scraper (every 500 ms, 30 s),"
                    + " rate_limit 100ms burst 20, 50 events/s%n  scrapes %d, refused (429) %d, failed %d;"
                    + " the pages asked the API %d times (/api/fleet %d, %.2f a second a page), requests refused in all %s,"
                    + " requests to other hosts %d (Chromium's own, failed: no name resolves)%n", scrapes.millis().size() + scrapes.refused() + scrapes.failed(),
                    scrapes.refused(), scrapes.failed(), asked.api(), asked.fleet(), asked.fleet() / 35.0 / 3,
                    refused.find() ? refused.group(1) : "0", asked.elsewhere());
        }
    }

    /** {@code nodes} nodes on two versions, so /metrics and the page have a fleet to show. */
    private static void fleet(Connection c, int nodes) throws Exception {
        for (int i = 0; i < nodes; i++) {
            publish(c, "node-" + i, i % 2 == 0 ? "1.0" : "1.1");
        }
        c.flush(Duration.ofSeconds(5));
    }

    private static void publish(Connection c, String identity, String version) {
        LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                EventOption.identity(identity), EventOption.version(version));
        c.publish(alive.target(), Lifecycle.toJson(alive));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
