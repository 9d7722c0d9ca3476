package io.choria.lifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.nats.LifecycleAgent;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker down when the application starts, and going away while it runs; the health endpoint and meters say so. */
class BrokerOutageTest {
    @Test
    void theApplicationStartsWithoutItsBrokerAndAnnouncesItselfWhenTheBrokerComesUp() throws Exception {
        int port = NatsServerProcess.freePort();
        try (RunningService service = RunningService.startWeb(Map.of("choria.lifecycle.component", "billing",
                "choria.lifecycle.version", "1.0", "choria.lifecycle.connection.servers", "nats://127.0.0.1:" + port))) {
            LifecycleAgent agent = service.agent();
            Poll.until(() -> agent.connectionError().isPresent(), () -> "no connect error yet");
            HealthEndpoint down = HealthEndpoint.read(service);
            assertThat(down.down()).as(down.toString()).isTrue();
            assertThat(down.body()).contains("\"connection\":\"CONNECTING\"")
                    .contains("\"error\":\"cannot connect to nats://127.0.0.1:" + port + ": connection refused\"");
            try (NatsServerProcess broker = NatsServerProcess.builder().port(port).start();
                    EventWatcher watcher = new EventWatcher(broker.url())) {
                watcher.await(EventType.STARTUP); // NatsConnector's back-off: at most ~12 s between attempts
                assertThat(watcher.received().get(0).event().component()).isEqualTo("billing");
                Poll.until(() -> HealthEndpoint.read(service).up(), () -> HealthEndpoint.read(service).toString());
                service.close();
                watcher.await(EventType.SHUTDOWN);
                assertThat(watcher.types()).containsExactly(EventType.STARTUP, EventType.SHUTDOWN);
            }
        }
    }

    @Test
    void healthGoesDownWhenTheBrokerStopsAndTheMetersCountWhatWasSentAndWhatFailed() throws Exception {
        NatsServerProcess broker = NatsServerProcess.start();
        try (RunningService service = RunningService.startWeb(Map.of("choria.lifecycle.component", "billing",
                "choria.lifecycle.alive-interval", "100ms", "choria.lifecycle.shutdown-timeout", "200ms",
                "choria.lifecycle.connection.servers", broker.url()))) {
            LifecycleAgent agent = service.agent();
            MeterRegistry meters = service.context().getBean(MeterRegistry.class);
            Poll.until(Duration.ofSeconds(20), () -> sent(meters) >= 3, () -> "sent: " + sent(meters));
            HealthEndpoint up = HealthEndpoint.read(service);
            assertThat(up.up()).as(up.toString()).isTrue();
            assertThat(up.body()).contains("\"component\":\"billing\"").contains("\"connection\":\"CONNECTED\"");
            assertThat(failed(meters)).isZero();

            broker.close();
            Poll.until(Duration.ofSeconds(20), () -> HealthEndpoint.read(service).down(), () -> HealthEndpoint.read(service).toString());
            assertThat(HealthEndpoint.read(service).body()).containsPattern("\"connection\":\"(DISCONNECTED|RECONNECTING)\"");
            service.close(); // the broker cannot confirm the shutdown event
            assertThat(agent.publishFailures()).isEqualTo(1);
            assertThat(failed(meters)).isEqualTo(1);
            assertThat(sent(meters)).isEqualTo(agent.eventsPublished());
        } finally {
            broker.close();
        }
    }

    private static double sent(MeterRegistry meters) {
        return meters.get("choria.lifecycle.events.sent").tag("component", "billing").functionCounter().count();
    }

    private static double failed(MeterRegistry meters) {
        return meters.get("choria.lifecycle.events.failed").tag("component", "billing").functionCounter().count();
    }
}
