package io.choria.lifecycle.tally;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The tally's node table as the plain design would make it: a {@link HashMap} from (component,
 * identity) to version and last seen, expiry by scanning every node. Nothing runs on it; it is
 * the baseline the real node table's numbers stand beside, in {@link NodeTableMemory} (heap per
 * node) and in the JMH {@link TallyBenchmark} (events and sweeps per second), each in one run.
 * It lives with the benchmarks, not in the product, as Caffeine keeps its LinkedHashMap cache
 * in its JMH sources.
 * Same operations, same answers as the real table ({@code put} returns the previous version,
 * "last seen" never moves backwards).
 */
final class HashMapNodeTable {
    private record Key(String component, String identity) {
    }

    private static final class Node {
        String version;
        long lastSeenMillis;

        Node(String version, long lastSeenMillis) {
            this.version = version;
            this.lastSeenMillis = lastSeenMillis;
        }
    }

    private final Map<Key, Node> nodes = new HashMap<>();
    private final long windowMillis;

    /** A table forgetting nodes not seen for {@code window}. */
    HashMapNodeTable(Duration window) {
        this.windowMillis = window.toMillis();
    }

    /** Records that the node was seen; returns the version it had before, or null when it was new. */
    String put(String component, String identity, String version, long seenAtMillis) {
        Node node = nodes.get(new Key(component, identity));
        if (node == null) {
            nodes.put(new Key(component, identity), new Node(version, seenAtMillis));
            return null;
        }
        String previous = node.version;
        node.version = version;
        node.lastSeenMillis = Math.max(node.lastSeenMillis, seenAtMillis);
        return previous;
    }

    /** Forgets a node; returns the version it had, or null when it was not known. */
    String remove(String component, String identity) {
        Node node = nodes.remove(new Key(component, identity));
        return node == null ? null : node.version;
    }

    /** Forgets every node not seen within the window at {@code nowMillis}, looking at every node. */
    int expire(long nowMillis) {
        int before = nodes.size();
        nodes.values().removeIf(n -> nowMillis - n.lastSeenMillis > windowMillis);
        return before - nodes.size();
    }

    int size() {
        return nodes.size();
    }
}
