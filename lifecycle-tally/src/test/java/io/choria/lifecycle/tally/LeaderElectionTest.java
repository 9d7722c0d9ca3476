package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.TcpProxy;
import io.choria.lifecycle.nats.election.ElectionCampaign;
import io.choria.lifecycle.nats.election.ElectionSettings;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leader election over a real JetStream key-value bucket. */
class LeaderElectionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CAMPAIGN = "tally";
    private NatsServerProcess server;
    private Connection admin;

    @BeforeEach
    void start() throws Exception {
        server = NatsServerProcess.startWithJetStream();
        admin = Nats.connect(server.url());
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        server.close();
    }

    private void createBucket(Duration ttl) throws Exception {
        admin.keyValueManagement().create(KeyValueConfiguration.builder().name(ElectionCampaign.BUCKET).ttl(ttl).build());
    }

    private Tally tally(Connection c, String name) {
        return Tally.builder().connection(c).prefix("choria_tally").port(0).bind("127.0.0.1").replay(false)
                .election(ElectionSettings.of(CAMPAIGN).withCandidate(name).withBackoff(n -> Duration.ofMillis(100))
                        .withMaxSplay(Duration.ZERO))
                .start();
    }

    @Test
    void theSecondInstanceTakesOverWhenTheLeaderIsKilled() throws Exception {
        createBucket(Duration.ofSeconds(2));
        Connection ca = Nats.connect(server.url());
        Connection cb = Nats.connect(server.url());
        Tally a = tally(ca, "a");
        try {
            Poll.until(WAIT, a::active, () -> "a to lead");
            Tally b = tally(cb, "b");
            try {
                Poll.pause(2500); // longer than the TTL: a keeps the key alive
                assertThat(b.active()).isFalse();
                assertThat(a.active()).isTrue();
                assertThat(new String(admin.keyValue(ElectionCampaign.BUCKET).get(CAMPAIGN).getValue(),
                        StandardCharsets.UTF_8)).isEqualTo("a");
                ca.close(); // a dies: no more maintenance, the key expires with the TTL
                Poll.until(WAIT, b::active, () -> "b to take over");
                admin.publish("choria.lifecycle.event.alive.server", Events.json(Events.alive("server", "n1", "1")));
                Poll.untilPasses(WAIT, () -> assertThat(Exposition.scrape(b.port())
                        .get("choria_tally_good_events{active=\"1\",component=\"server\"}")).isEqualTo(1));
            } finally {
                b.close();
                cb.close();
            }
        } finally {
            a.close();
        }
    }

    /**
     * A leader whose broker stops answering (a partition: the connection stays open) must stand
     * down before the bucket's TTL lets another candidate take the key. Its key update waits for
     * the request timeout (the connection's, 5 s), longer than this 2 s TTL: a leader that stood
     * down only when the update failed was still active seconds after the other one won.
     */
    @Test
    void aLeaderCutOffFromTheBrokerStandsDownBeforeAnotherCanTakeOver() throws Exception {
        createBucket(Duration.ofSeconds(2));
        try (TcpProxy partition = TcpProxy.to(server.port());
             Connection ca = NatsConnector.connect(ConnectionSettings.builder().server(partition.url()).build());
             Connection cb = NatsConnector.connect(ConnectionSettings.builder().server(server.url()).build());
             Tally a = tally(ca, "a")) {
            Poll.until(WAIT, a::active, () -> "a to lead");
            try (Tally b = tally(cb, "b"); ActiveWatch watch = new ActiveWatch(List.of(a, b))) {
                Poll.pause(500);
                partition.cut();
                Poll.until(WAIT, b::active, () -> "b to take over");
                Poll.until(WAIT, () -> !a.active(), () -> "a to stand down");
                Poll.pause(500);
                watch.close();
                assertThat(watch.overlaps()).as("moments with two active tallies").isEmpty();
                assertThat(watch.roundsWithALeader()).as("rounds of the watch with one leader").isPositive();
            }
        }
    }

    @Test
    void staysPassiveWhileAnotherProcessHoldsTheKeyAndTakesOverWhenItLetsGo() throws Exception {
        createBucket(Duration.ofSeconds(2));
        KeyValue kv = admin.keyValue(ElectionCampaign.BUCKET);
        long[] revision = {kv.create(CAMPAIGN, "go-tally".getBytes(StandardCharsets.UTF_8))};
        AtomicBoolean holding = new AtomicBoolean(true);
        Thread holder = new Thread(() -> {
            while (holding.get()) {
                try {
                    revision[0] = kv.update(CAMPAIGN, "go-tally".getBytes(StandardCharsets.UTF_8), revision[0]);
                    Thread.sleep(300);
                } catch (Exception e) {
                    return;
                }
            }
        });
        holder.start();
        try (Connection c = Nats.connect(server.url()); Tally t = tally(c, "java")) {
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                assertThat(t.active()).as("passive while the key is held").isFalse();
                Poll.pause(100);
            }
            c.publish("choria.lifecycle.event.alive.server", Events.json(Events.alive("server", "n1", "1")));
            Poll.untilPasses(WAIT, () -> assertThat(Exposition.scrape(t.port())
                    .get("choria_tally_good_events{active=\"0\",component=\"server\"}")).isEqualTo(1));
            holding.set(false);
            holder.join();
            Poll.until(WAIT, t::active, () -> "takeover after the holder let go");
            assertThat(new String(kv.get(CAMPAIGN).getValue(), StandardCharsets.UTF_8)).isEqualTo("java");
        } finally {
            holding.set(false);
            holder.join();
        }
    }

    @Test
    void theBucketIsCreatedWithA30SecondTtlWhenMissing() throws Exception {
        try (Connection c = Nats.connect(server.url()); Tally t = tally(c, "solo")) {
            assertThat(admin.keyValueManagement().getStatus(ElectionCampaign.BUCKET).getTtl()).isEqualTo(Duration.ofSeconds(30));
            Poll.until(WAIT, t::active, () -> "the only candidate to lead");
        }
    }

    @Test
    void anExistingBucketKeepsItsTtlAndOneOutsideOneSecondToOneHourIsRefused() throws Exception {
        createBucket(Duration.ofHours(2));
        try (Connection c = Nats.connect(server.url())) {
            assertThatThrownBy(() -> tally(c, "x")).isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                    .hasMessage("bucket CHORIA_LEADER_ELECTION has a TTL of 2h0m0s, leader election needs between 1s and 1h");
        }
        assertThat(admin.keyValueManagement().getStatus(ElectionCampaign.BUCKET).getTtl()).isEqualTo(Duration.ofHours(2));
    }

}
