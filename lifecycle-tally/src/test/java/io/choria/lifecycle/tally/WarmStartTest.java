package io.choria.lifecycle.tally;

import io.choria.lifecycle.machine.MachineEvents;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warm start from the CHORIA_EVENTS stream of a real JetStream server. */
class WarmStartTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private NatsServerProcess server;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        server = NatsServerProcess.startWithJetStream();
        connection = Nats.connect(server.url());
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        server.close();
    }

    private void createStream() throws Exception {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                .name(EventReplay.STREAM).subjects("choria.lifecycle.>").build());
    }

    private void store(LifecycleEvent... events) throws Exception {
        for (LifecycleEvent e : events) {
            connection.jetStream().publish(e.target(), Events.json(e));
        }
    }

    private Tally tally(boolean replay) {
        return Tally.builder().connection(connection).component("server").prefix("choria_tally").port(0)
                .bind("127.0.0.1").replay(replay).start();
    }

    @Test
    void theNodeTableIsRebuiltBeforeServing() throws Exception {
        createStream();
        Instant now = Instant.now();
        store(Events.at(Events.alive("server", "ancient", "0.1"), now.minus(Duration.ofHours(2))),
                Events.alive("server", "n1", "1.0"),
                Events.alive("server", "n2", "1.0"),
                Events.startup("server", "n3", "2.0"),
                Events.alive("server", "n2", "2.0"),
                Events.shutdown("server", "n1"),
                Events.alive("client", "c1", "9.0"));
        JetStreamManagement jsm = connection.jetStreamManagement();
        assertThat(jsm.getStreamInfo(EventReplay.STREAM).getStreamState().getMsgCount()).isEqualTo(7);
        try (Tally t = tally(true)) {
            assertThat(t.replayResult().streamFound()).isTrue();
            assertThat(t.replayResult().read()).isEqualTo(6);
            assertThat(t.recorder().nodes()).isEqualTo(2);
            assertThat(t.recorder().version("server", "n2")).isEqualTo("2.0");
            assertThat(t.recorder().version("server", "ancient")).isNull();
            Exposition e = Exposition.scrape(t.port());
            assertThat(e.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"2.0\"}")).isEqualTo(2);
            assertThat(e.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(0);
            assertThat(e.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"0.1\"}")).isNull();
            assertThat(e.text()).doesNotContain("choria_tally_good_events{").doesNotContain("choria_tally_event_types{")
                    .doesNotContain("component=\"client\"");

            connection.publish("choria.lifecycle.event.alive.server", Events.json(Events.alive("server", "n3", "2.0")));
            Exposition live = Poll.untilPasses(WAIT, () -> {
                Exposition x = Exposition.scrape(t.port());
                assertThat(x.get("choria_tally_good_events{active=\"1\",component=\"server\"}")).isEqualTo(1);
                return x;
            });
            assertThat(live.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"2.0\"}")).isEqualTo(2);
        }
    }

    /**
     * Events published while the stream is replayed are held back, then applied: none is lost and
     * only they count as live (they also reach the stream, where the replay may read them again).
     */
    @Test
    void liveEventsDuringTheReplayAreAppliedAfterIt() throws Exception {
        createStream();
        int stored = 40_000;
        JetStream js = connection.jetStream();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (int i = 0; i < stored; i++) {
            LifecycleEvent e = Events.alive("server", "stored-" + i, "1.0");
            acks.add(js.publishAsync(e.target(), Events.json(e)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        PrometheusRegistry registry = new PrometheusRegistry();
        try (Connection tallyConnection = Nats.connect(server.url())) {
            CompletableFuture<Tally> starting = CompletableFuture.supplyAsync(() -> Tally.builder()
                    .connection(tallyConnection).component("server").prefix("choria_tally").registry(registry)
                    .port(0).bind("127.0.0.1").replay(true).start());
            String transitions = "choria_tally_machine_transition{active=\"1\",from=\"a\",machine=\"m\",to=\"b\","
                    + "transition=\"t\",version=\"1\"}";
            Poll.until(WAIT, () -> {
                connection.publish(MachineEvents.TRANSITION_SUBJECT, Events.transition("m", "1", "t", "a", "b"));
                return Exposition.of(registry).get(transitions) != null;
            }, () -> "the subscriptions (transitions are applied at once)");
            int live = 50;
            for (int i = 0; i < live; i++) {
                connection.publish("choria.lifecycle.event.alive.server", Events.json(Events.alive("server", "live-" + i, "2.0")));
            }
            connection.flush(WAIT);
            boolean publishedDuringReplay = !starting.isDone();
            try (Tally t = starting.get(60, TimeUnit.SECONDS)) {
                assertThat(publishedDuringReplay).as("the live events were sent while the stream was replayed").isTrue();
                Poll.untilPasses(WAIT, () -> {
                    Exposition e = Exposition.of(registry);
                    assertThat(e.get("choria_tally_good_events{active=\"1\",component=\"server\"}")).isEqualTo(live);
                    assertThat(e.get("choria_tally_versions{active=\"1\",component=\"server\",version=\"2.0\"}")).isEqualTo(live);
                    return e;
                });
                assertThat(t.recorder().nodes()).isEqualTo(stored + live);
            }
        }
    }

    @Test
    void noReplayStartsEmpty() throws Exception {
        createStream();
        store(Events.alive("server", "n1", "1.0"));
        try (Tally t = tally(false)) {
            assertThat(t.recorder().nodes()).isZero();
            assertThat(t.replayResult().streamFound()).isFalse();
        }
    }

    @Test
    void withoutTheStreamTheTallyStartsEmpty() {
        try (Tally t = tally(true)) {
            assertThat(t.replayResult().streamFound()).isFalse();
            assertThat(t.recorder().nodes()).isZero();
        }
    }

    @Test
    void aStreamThatCannotBeReplayedDoesNotStopTheTally() throws Exception {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                .name(EventReplay.STREAM).subjects("other.events.>").build());
        try (Tally t = tally(true)) {
            assertThat(t.recorder().nodes()).isZero();
            connection.publish("choria.lifecycle.event.alive.server", Events.json(Events.alive("server", "n1", "1.0")));
            Poll.until(WAIT, () -> t.recorder().nodes() == 1, () -> "live events after a failed warm start");
        }
    }

    @Test
    void anEmptyWindowFinishesPromptly() throws Exception {
        createStream();
        store(Events.alive("client", "c1", "1.0"));
        try (Tally t = tally(true)) {
            assertThat(t.replayResult().streamFound()).isTrue();
            assertThat(t.replayResult().read()).isZero();
        }
    }
}
