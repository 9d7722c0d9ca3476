package io.choria.lifecycle.tally;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.VersionedEvent;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lifecycle events of a small fleet stored in CHORIA_EVENTS one by one, each confirmed by the
 * stream before the next, and what a tally that reads every one of them once must show. Node
 * {@code k % nodes} sends event {@code k}: every fifth a startup, the others alive, with version
 * {@code 1.0.<k / nodes>}, new each round over the fleet: a lost or repeated event shows in the
 * counts, and a node's last event is the only one that gives it its version.
 */
final class StoredEvents {
    private static final Duration STORE_WITHIN = Duration.ofSeconds(60);

    private final JetStream js;
    private final String component;
    private final int nodes;
    private final List<LifecycleEvent> stored = new ArrayList<>();
    private final Map<String, Integer> sends = new HashMap<>();

    StoredEvents(JetStream js, String component, int nodes) {
        this.js = js;
        this.component = component;
        this.nodes = nodes;
    }

    /**
     * Stores the next event, trying again until the stream confirms it (while a cluster elects a
     * new stream leader it cannot): the event's id as the message id makes every try after one that
     * was stored but not confirmed a duplicate the stream drops.
     */
    synchronized LifecycleEvent storeNext() {
        int k = stored.size();
        String version = "1.0." + k / nodes;
        LifecycleEvent e = k % 5 == 0 ? Events.startup(component, "node-" + k % nodes, version)
                : Events.alive(component, "node-" + k % nodes, version);
        PublishOptions once = PublishOptions.builder().messageId(e.id()).build();
        Poll.untilSucceeds(STORE_WITHIN, () -> {
            sends.merge(e.id(), 1, Integer::sum);
            js.publish(Events.subject(e), Events.json(e), once);
        }, () -> "event " + k + " stored in CHORIA_EVENTS");
        stored.add(e);
        return e;
    }

    /** Stores {@code count} more events. */
    void store(int count) {
        for (int i = 0; i < count; i++) {
            storeNext();
        }
    }

    /**
     * How often the event with {@code id} went out: live subscribers get every try, also those the
     * stream dropped as duplicates.
     */
    synchronized int sends(String id) {
        return sends.getOrDefault(id, 0);
    }

    /** The ids of the events stored, in order. */
    synchronized List<String> ids() {
        return stored.stream().map(LifecycleEvent::id).toList();
    }

    synchronized LifecycleEvent last() {
        return stored.get(stored.size() - 1);
    }

    synchronized int count() {
        return stored.size();
    }

    /** Each node's version after every event: its last event's. */
    synchronized Map<String, String> versions() {
        Map<String, String> v = new TreeMap<>();
        for (LifecycleEvent e : stored) {
            v.put(e.identity(), ((VersionedEvent) e).version());
        }
        return v;
    }

    /** How many nodes run each version. */
    Map<String, Long> nodesPerVersion() {
        return versions().values().stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                Collectors.counting()));
    }

    /** How many events of each type were stored. */
    synchronized Map<EventType, Long> perType() {
        return stored.stream().collect(Collectors.groupingBy(LifecycleEvent::type, TreeMap::new, Collectors.counting()));
    }
}
