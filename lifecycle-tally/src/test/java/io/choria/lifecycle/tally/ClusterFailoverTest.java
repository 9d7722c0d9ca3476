package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.EventStream;
import io.choria.lifecycle.nats.EventViewer;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.ViewOptions;
import io.choria.lifecycle.nats.testing.NatsCluster;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tally in the stream mode and two viewers on a cluster of three NATS servers, all connected to
 * the one that leads the CHORIA_EVENTS stream (replicated three ways), which is then killed while
 * events go on being stored through another server.
 */
class ClusterFailoverTest {
    /** Generous: a new stream leader takes nats-server several seconds, more on a busy machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * The test's own requests (and so its JetStream requests) time out after this rather than 5 s:
     * those the cluster cannot answer yet, while it elects a leader, are tried again sooner.
     */
    private static final Duration REQUESTS = Duration.ofSeconds(1);
    private static final String COMPONENT = "server";
    private final OpenedResources opened = new OpenedResources();
    private NatsCluster cluster;

    @AfterEach
    void stop() throws Exception {
        opened.close();
    }

    @Test
    void theTallyAndTheViewersMoveToAnotherServerAndTheStreamModeLosesNothing() throws Exception {
        cluster = opened.add(NatsCluster.startWithJetStream(3));
        Connection admin = opened.add(NatsConnector.connect(cluster.settings().toBuilder().connectTimeout(REQUESTS).build()));
        Poll.untilSucceeds(WAIT, () -> admin.jetStreamManagement().addStream(StreamConfiguration.builder()
                .name(EventStream.NAME).subjects("choria.lifecycle.>").storageType(StorageType.File).replicas(3).build()),
                () -> "CHORIA_EVENTS created\n" + cluster.logs());
        NatsServerProcess victim = cluster.awaitStreamReplicated(admin, EventStream.NAME, WAIT);
        // the publisher knows only the other servers: it goes on storing events while the readers move
        Connection publisher = opened.add(NatsConnector.connect(ConnectionSettings.builder().connectTimeout(REQUESTS)
                .servers(cluster.urls().stream().filter(u -> !u.equals(victim.url())).toList()).build()));
        StoredEvents events = new StoredEvents(publisher.jetStream(), COMPONENT, 40);

        Connection tallyConnection = opened.add(cluster.connectThrough(victim));
        Tally tally = opened.add(Tally.builder().connection(tallyConnection).prefix("choria_tally").port(0)
                .bind("127.0.0.1").stream(true).start());
        ViewerOutput live = new ViewerOutput();
        Connection liveConnection = opened.add(cluster.connectThrough(victim));
        opened.add(EventViewer.writeEvents(liveConnection, ViewOptions.builder().json(true).output(live.stream()).build()));
        ViewerOutput streamed = new ViewerOutput();
        Connection streamConnection = opened.add(cluster.connectThrough(victim));
        opened.add(EventViewer.writeEvents(streamConnection, ViewOptions.builder().json(true).stream(true)
                .output(streamed.stream()).build()));

        events.store(100);
        List<String> before = events.ids();
        Poll.until(WAIT, () -> goodEvents(tally) == 100 && live.ids().containsAll(before) && streamed.ids().size() == 100,
                () -> "the first 100 events tallied and shown");

        victim.kill();
        events.store(200); // while the cluster elects a new stream leader and the readers move
        for (Connection c : List.of(tallyConnection, liveConnection, streamConnection)) {
            Poll.until(WAIT, () -> c.getStatus() == Connection.Status.CONNECTED && !victim.url().equals(c.getConnectedUrl()),
                    () -> "a connection on another server");
        }
        // the live viewer's subscription reaches the publisher's server a moment after it moved
        Poll.until(WAIT, () -> {
            LifecycleEvent e = events.storeNext();
            Poll.pause(50);
            return live.ids().contains(e.id());
        }, () -> "the live viewer showing an event again");
        int fromNowOn = events.count();
        events.store(100);
        List<String> after = events.ids().subList(fromNowOn, events.count());

        // only the last event gives its node its version: once the tally has it, it has had every
        // event before it in the stream, and any event it read twice shows in the counts
        String lastNode = events.last().identity();
        String lastVersion = events.versions().get(lastNode);
        Poll.until(WAIT, () -> goodEvents(tally) >= events.count()
                && lastVersion.equals(tally.recorder().version(COMPONENT, lastNode))
                && streamed.ids().size() >= events.count() && live.ids().containsAll(after),
                () -> "every event tallied and shown");

        assertTalliedExactlyOnce(tally, events);
        assertThat(streamed.ids()).as("the stream viewer shows every event once, in order").isEqualTo(events.ids());
        List<String> shownLive = live.ids();
        Map<String, Long> timesShown = shownLive.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        timesShown.forEach((id, times) -> assertThat(times).as("the live viewer shows an event as often as it was sent,"
                + " which is more than once when the stream did not confirm it in time").isLessThanOrEqualTo(events.sends(id)));
        assertThat(shownLive).as("the live viewer shows what it was sent before and after the move")
                .containsAll(before).containsAll(after);
        assertThat(events.ids()).as("the live viewer shows only events sent").containsAll(shownLive);
    }

    private static void assertTalliedExactlyOnce(Tally tally, StoredEvents events) {
        Exposition e = Exposition.scrape(tally.port());
        assertThat(e.get("choria_tally_good_events{active=\"1\",component=\"server\"}"))
                .as("good_events: every stored event once").isEqualTo(events.count());
        for (Map.Entry<EventType, Long> t : events.perType().entrySet()) {
            assertThat(e.get("choria_tally_event_types{active=\"1\",component=\"server\",type=\"" + t.getKey().typeName()
                    + "\"}")).as("event_types of " + t.getKey()).isEqualTo(t.getValue().doubleValue());
        }
        Map<String, String> versions = events.versions();
        assertThat(tally.recorder().nodes()).isEqualTo(versions.size());
        versions.forEach((node, version) -> assertThat(tally.recorder().version(COMPONENT, node)).as(node).isEqualTo(version));
        Set<String> versionSeries = new HashSet<>();
        events.nodesPerVersion().forEach((version, nodes) -> {
            String series = "choria_tally_versions{active=\"1\",component=\"server\",version=\"" + version + "\"}";
            versionSeries.add(series);
            assertThat(e.get(series)).as(series).isEqualTo(nodes.doubleValue());
        });
        e.samples().forEach((series, value) -> {
            if (series.startsWith("choria_tally_versions{") && !versionSeries.contains(series)) {
                assertThat(value).as(series + ", a version no node runs").isZero();
            }
        });
        assertThat(e.get("choria_tally_process_errors{active=\"1\",component=\"server\"}")).isNull();
    }

    private static long goodEvents(Tally tally) {
        Double v = Exposition.of(tally.registry()).get("choria_tally_good_events{active=\"1\",component=\"server\"}");
        return v == null ? 0 : v.longValue();
    }
}
