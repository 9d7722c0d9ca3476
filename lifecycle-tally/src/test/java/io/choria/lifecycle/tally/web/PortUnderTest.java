package io.choria.lifecycle.tally.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A {@link TallyPort} on a free loopback port with real handlers (a small registry, health, the
 * fleet page over a fixed view), behind a web configuration written from {@code yaml} (none when
 * null), counting its refusals by reason.
 */
final class PortUnderTest implements AutoCloseable {
    private final TallyPort port;
    private final Map<String, LongAdder> refusals;

    private PortUnderTest(TallyPort port, Map<String, LongAdder> refusals) {
        this.port = port;
        this.refusals = refusals;
    }

    static PortUnderTest start(Path dir, String yaml) throws Exception {
        return start(dir, yaml, b -> { });
    }

    static PortUnderTest start(Path dir, String yaml, Consumer<TallyPort.Builder> more) throws Exception {
        WebConfigFile web = yaml == null ? null
                : WebConfigFile.load(Files.writeString(Files.createTempFile(dir, "web", ".yml"), yaml));
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("t_good_events").help("events").register(registry).inc();
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        TallyPort.Builder b = TallyPort.builder().settings(new HttpSettings("127.0.0.1", 0, web, false))
                .metrics(new MetricsHandler(registry, Set.of("t_good_events")))
                .health(new HealthHandler(() -> null))
                .fleet(new FleetWeb(json -> {
                    json.writeStartObject();
                    json.writeEndObject();
                }, q -> new NodePage(q, List.of(), null, 0), new EventFeed()))
                .refusals(reason -> counts.computeIfAbsent(reason, r -> new LongAdder()).increment());
        more.accept(b);
        return new PortUnderTest(b.start(), counts);
    }

    long refused(String reason) {
        LongAdder n = refusals.get(reason);
        return n == null ? 0 : n.sum();
    }

    int port() {
        return port.port();
    }

    @Override
    public void close() {
        port.close();
    }
}
