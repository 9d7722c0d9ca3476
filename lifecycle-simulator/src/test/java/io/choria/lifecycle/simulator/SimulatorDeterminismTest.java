package io.choria.lifecycle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same fleet and story: every node's events (ids, versions, Governor
 * slots, machine states; everything but the times) come in the same order. Runs end at slightly
 * different points, so one run's story of a node must be a prefix of the other's.
 */
class SimulatorDeterminismTest {
    private static final int NODES = 150;

    @Test
    void theSameSeedTellsEachNodeTheSameStory() throws Exception {
        Map<String, List<String>> first = run(99);
        Map<String, List<String>> second = run(99);
        assertThat(second.keySet()).isEqualTo(first.keySet()).hasSize(NODES);
        int compared = 0;
        for (String identity : first.keySet()) {
            List<String> a = first.get(identity);
            List<String> b = second.get(identity);
            int common = Math.min(a.size(), b.size());
            assertThat(b.subList(0, common)).as(identity).isEqualTo(a.subList(0, common));
            compared += common;
        }
        assertThat(compared).as("events compared").isGreaterThan(NODES * 8);
    }

    @Test
    void anotherSeedTellsAnotherStory() throws Exception {
        Map<String, List<String>> first = run(1);
        Map<String, List<String>> other = run(2);
        long same = first.keySet().stream().filter(other::containsKey)
                .filter(i -> first.get(i).get(0).equals(other.get(i).get(0))).count();
        assertThat(same).as("nodes starting with the same event").isZero();
    }

    private static Map<String, List<String>> run(long seed) throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(); WireRecorder wire = new WireRecorder(server.url());
                Connection c = Nats.connect(server.url())) {
            Simulator simulator = Simulator.start(c, new Simulator.Settings(NODES, seed, Duration.ofMillis(200),
                    Duration.ofMillis(200), Duration.ofSeconds(3)));
            assertThat(simulator.awaitEnd(Duration.ofSeconds(60))).isTrue();
            simulator.close();
            Simulator.Stats sent = simulator.stats();
            Poll.until(Duration.ofSeconds(20), () -> wire.lifecycle.get() == sent.lifecycleEvents(), () -> "all received");
            return wire.stories();
        }
    }
}
