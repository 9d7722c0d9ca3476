package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Drops by the client library and reconnects become metrics, with a real nats-server and a real dispatcher. */
class LostMessagesTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final TallyMetrics metrics = new TallyMetrics("choria_tally", registry, () -> true);

    @Test
    void messagesTheClientDropsAreCountedInLostEvents() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(); Connection c = Nats.connect(server.url())) {
            CountDownLatch release = new CountDownLatch(1);
            Dispatcher busy = c.createDispatcher(m -> {
                try {
                    release.await(); // a handler that has fallen behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            busy.setPendingLimits(10, 1024 * 1024);
            busy.subscribe("choria.lifecycle.event.>");
            c.flush(Duration.ofSeconds(5));
            LostMessages lost = new LostMessages(c, busy, metrics);
            for (int i = 0; i < 200; i++) {
                c.publish("choria.lifecycle.event.alive.server", new byte[] {'{', '}'});
            }
            c.flush(Duration.ofSeconds(5));
            Poll.until(() -> busy.getDroppedCount() >= 150, () -> "drops: " + busy.getDroppedCount());
            lost.run();
            release.countDown();
            assertThat(Exposition.of(registry).get("choria_tally_lost_events{active=\"1\"}"))
                    .isEqualTo(busy.getDroppedCount());
            lost.run();
            assertThat(Exposition.of(registry).get("choria_tally_lost_events{active=\"1\"}"))
                    .as("counted once").isEqualTo(busy.getDroppedCount());
        }
    }

    @Test
    void aLostConnectionIsCountedInReconnects() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start();
             Connection c = Nats.connect(new Options.Builder().server(server.url()).maxReconnects(-1)
                     .reconnectWait(Duration.ofMillis(100)).build())) {
            Dispatcher d = c.createDispatcher(m -> { });
            LostMessages lost = new LostMessages(c, d, metrics);
            server.restart();
            Poll.until(Duration.ofSeconds(30), () -> c.getStatistics().getReconnects() >= 1
                    && c.getStatus() == Connection.Status.CONNECTED, () -> "reconnected");
            lost.run();
            assertThat(Exposition.of(registry).get("choria_tally_reconnects{active=\"1\"}")).isEqualTo(1);
        }
    }
}
