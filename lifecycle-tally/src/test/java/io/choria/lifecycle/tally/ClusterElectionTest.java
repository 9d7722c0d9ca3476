package io.choria.lifecycle.tally;

import io.choria.lifecycle.nats.election.CampaignBackoff;
import io.choria.lifecycle.nats.election.ElectionCampaign;
import io.choria.lifecycle.nats.election.ElectionSettings;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.testing.NatsCluster;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three tallies in one election on a cluster of three NATS servers, each connected to a different
 * one, with the election bucket replicated three ways, while servers are killed and restarted.
 */
class ClusterElectionTest {
    /** Generous: a new stream leader takes nats-server several seconds, more on a busy machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The test's own requests time out after this rather than 5 s, to be tried again sooner while a leader is elected. */
    private static final Duration REQUESTS = Duration.ofSeconds(1);
    private static final String BUCKET_STREAM = "KV_" + ElectionCampaign.BUCKET;
    private final OpenedResources opened = new OpenedResources();
    private final List<Tally> tallies = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private NatsCluster cluster;
    private Connection publisher;
    private int markers;
    private ActiveWatch watch;

    @AfterEach
    void stop() throws Exception {
        opened.close();
    }

    @Test
    void neverTwoActiveTalliesWhileServersDieAndOneIsActiveAgainAfterEachKill() throws Exception {
        cluster = opened.add(NatsCluster.startWithJetStream(3));
        publisher = opened.add(NatsConnector.connect(cluster.settings().toBuilder().connectTimeout(REQUESTS).build()));
        Poll.untilSucceeds(WAIT, () -> publisher.keyValueManagement().create(
                KeyValueConfiguration.builder().name(ElectionCampaign.BUCKET).ttl(Duration.ofSeconds(5)).replicas(3).build()),
                () -> "the election bucket created\n" + cluster.logs());
        cluster.awaitStreamReplicated(publisher, BUCKET_STREAM, WAIT);
        for (int i = 0; i < 3; i++) {
            Connection c = opened.add(cluster.connectThrough(cluster.servers().get(i)));
            connections.add(c);
            tallies.add(opened.add(Tally.builder().connection(c).prefix("choria_tally").port(0).bind("127.0.0.1")
                    .replay(false).election(ElectionSettings.of("tally").withCandidate("tally-" + i)
                            .withMaxSplay(Duration.ZERO).withBackoff(n -> CampaignBackoff.choria().delay(Math.min(n, 2))))
                    .start()));
        }
        watch = opened.add(new ActiveWatch(tallies));
        assertOneActiveAndItsSeriesAlone();

        // the server the leader uses: it moves, and it or another goes on leading
        NatsServerProcess leadersServer = cluster.serving(connections.get(tallies.indexOf(activeTally())));
        leadersServer.kill();
        assertOneActiveAndItsSeriesAlone();
        leadersServer.restart();
        // the server that leads the bucket: no key update goes through until another leads it
        NatsServerProcess bucketLeader = cluster.awaitStreamReplicated(publisher, BUCKET_STREAM, WAIT);
        bucketLeader.kill();
        assertOneActiveAndItsSeriesAlone();
        bucketLeader.restart();
        cluster.awaitStreamReplicated(publisher, BUCKET_STREAM, WAIT);
        assertOneActiveAndItsSeriesAlone();

        watch.close();
        assertThat(watch.overlaps()).as("moments with two active tallies").isEmpty();
        assertThat(watch.roundsWithALeader()).as("rounds of the watch with one leader").isPositive();
    }

    /**
     * Waits for one active tally, the one the bucket names as the key's holder (so not an old
     * leader the bucket has not yet been heard about), then checks that an event counts in its {@code active="1"}
     * series and in the others' {@code active="0"} ones. A tally that has just moved to another
     * server may miss an event until its subscription reaches the publisher's server, and the
     * leader may change while an event travels: then a new event is tried.
     */
    private void assertOneActiveAndItsSeriesAlone() {
        Poll.until(WAIT, () -> {
            Tally leader = activeTally();
            return leader != null && ("tally-" + tallies.indexOf(leader)).equals(keyHolder());
        }, () -> "one active tally, the one that holds the key");
        long deadline = System.nanoTime() + WAIT.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            Tally leader = activeTally();
            String component = "marker" + ++markers;
            publisher.publish("choria.lifecycle.event.alive." + component, Events.json(Events.alive(component, "n1", "1")));
            try {
                Poll.untilPasses(Duration.ofSeconds(5), () -> {
                    for (Tally t : tallies) {
                        Exposition e = Exposition.scrape(t.port());
                        String series = "choria_tally_good_events{active=\"%s\",component=\"" + component + "\"}";
                        boolean isLeader = t == leader;
                        assertThat(e.get(series.formatted(isLeader ? "1" : "0"))).as(series, isLeader ? 1 : 0).isEqualTo(1);
                        assertThat(e.get(series.formatted(isLeader ? "0" : "1"))).as(series, isLeader ? 0 : 1).isNull();
                    }
                    return null;
                });
                if (activeTally() == leader) {
                    long seen = watch.roundsWithALeader();
                    Poll.until(WAIT, () -> watch.roundsWithALeader() > seen, () -> "the watch to see this leader");
                    return;
                }
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last != null ? last : new AssertionError("the leader kept changing");
    }

    /** The candidate holding the campaign key, or null while the bucket cannot say (no stream leader). */
    private String keyHolder() {
        try {
            KeyValueEntry entry = publisher.keyValue(ElectionCampaign.BUCKET).get("tally");
            return entry == null ? null : new String(entry.getValue(), StandardCharsets.UTF_8);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return null;
        }
    }

    /** The one active tally, or null. */
    private Tally activeTally() {
        List<Tally> active = tallies.stream().filter(Tally::active).toList();
        return active.size() == 1 ? active.get(0) : null;
    }
}
