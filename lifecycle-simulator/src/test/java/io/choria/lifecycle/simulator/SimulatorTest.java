package io.choria.lifecycle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small fleet's story on a real nats-server, checked against what a second connection received. */
class SimulatorTest {
    private static final int NODES = 400;
    private static NatsServerProcess server;
    private static WireRecorder wire;
    private static Simulator.Stats sent;
    private static Map<String, Map<String, Long>> truth;

    @BeforeAll
    static void runAFleet() throws Exception {
        server = NatsServerProcess.start();
        wire = new WireRecorder(server.url());
        try (Connection c = Nats.connect(server.url())) {
            Simulator simulator = Simulator.start(c, new Simulator.Settings(NODES, 1234, Duration.ofMillis(300),
                    Duration.ofMillis(500), Duration.ofSeconds(6)));
            assertThat(simulator.awaitEnd(Duration.ofSeconds(60))).isTrue();
            simulator.close();
            simulator.close(); // a second close does nothing
            assertThat(simulator.failure()).isNull();
            sent = simulator.stats();
            truth = simulator.truth();
        }
        Poll.until(Duration.ofSeconds(20), () -> wire.lifecycle.get() == sent.lifecycleEvents()
                        && wire.transitions.get() == sent.transitions() && wire.execStates.get() == sent.execStates(),
                () -> "received " + wire.lifecycle + "/" + wire.transitions + "/" + wire.execStates + " of " + sent);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        wire.close();
        server.close();
    }

    @Test
    void theTruthIsWhatATallyWithAnUnlimitedWindowCountsFromTheEventsReceived() {
        assertThat(sent.lifecycleEvents()).isGreaterThan(10L * NODES);
        assertThat(wire.undecodable).hasValue(0);
        assertThat(truth).isEqualTo(wire.fleet());
        assertThat(truth.values().stream().flatMap(v -> v.values().stream()).mapToLong(Long::longValue).sum())
                .isEqualTo(sent.liveNodes());
    }

    @Test
    void stoppingSendsNoShutdownEvents() {
        // nodes are down only between a shutdown and the next startup, a fraction of an interval
        assertThat(sent.liveNodes()).isGreaterThan(NODES * 8 / 10);
    }

    @Test
    void theStoryHasEveryEventOfAFleetsLife() {
        assertThat(wire.storyLines).contains(
                "startup server", "alive server", "upgraded server", "shutdown server",
                "governor enter server", "governor exit server",
                "startup provision_mode_server", "provisioned provision_mode_server", "shutdown provision_mode_server",
                "startup broker", "alive broker");
        assertThat(sent.transitions()).isPositive();
        assertThat(sent.execStates()).isGreaterThan(sent.execOutcomes()).isGreaterThan(0);
        assertThat(truth.get("server")).containsKey(Fleet.VERSIONS[Fleet.VERSIONS.length - 1]); // reached only by upgrading
    }

    @Test
    void formatsAreMixedAsInARealFleet() {
        assertThat(wire.formats).containsExactlyInAnyOrder(WireFormat.CLOUDEVENT_V1, WireFormat.CHORIA);
        assertThat(wire.protocols).contains("io.choria.lifecycle.v1.alive", "choria:lifecycle:alive:1",
                "choria:lifecycle:startup:1");
    }

    @Test
    void anUpgradeIsFollowedByAStartupWithTheNewVersion() {
        int upgrades = 0;
        for (List<String> story : wire.stories().values()) {
            List<String> lifecycle = story.stream().filter(l -> !l.contains("\"protocol\"")).toList();
            for (int i = 0; i < lifecycle.size(); i++) {
                String[] words = lifecycle.get(i).split(" ");
                if (words[0].equals("upgraded") && i + 1 < lifecycle.size()) {
                    upgrades++;
                    String newVersion = words[2].substring(words[2].indexOf("->") + 2);
                    assertThat(lifecycle.get(i + 1)).startsWith("startup " + words[1] + " " + newVersion + " ");
                }
            }
        }
        assertThat(upgrades).isGreaterThan(5);
    }
}
