package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The nodes a tally knows: (component, identity) → version and "last seen", built to hold a
 * million nodes in well under 100 heap bytes each and to expire them in time proportional to
 * how many expire. Not thread-safe: the {@link TallyRecorder} guards it.
 *
 * <p>Layout: identities are kept as UTF-8 {@code byte[]}, everything else in primitive
 * columns ({@link NodeStore}); an open-addressing {@link NodeIndex} finds a node; components
 * and versions are interned to 16-bit ids; "last seen" is an int count of ticks (a tenth of
 * the expiry delay budget) since the table's base time; an {@link ExpiryWheel} files nodes by
 * last seen.
 *
 * <p>Ticks are ints, so the base time cannot stay put: with a 1 s window (10 ms ticks) an int
 * runs out after 248 days. Once "now" is {@link #REBASE_AFTER_TICKS} ticks past the base, the next
 * {@link #expire} moves the base forward by whole turns of the wheel and every last seen back
 * by as many ticks ({@link #rebase}), so the table keeps time for as long as it runs. With the
 * default 80 minute window (6 s ticks) that first happens after 204 years.
 */
final class NodeTable {
    /** What {@link #put} returns for a new node that the {@link NodeLimit} has no place for: compare with {@code ==}. */
    static final String REFUSED = new String("(refused by the node limit)");

    private final ExpiryWindow window;
    private final long tickMillis;
    private final long windowTicks;
    /** "Now" this many ticks past the base time moves the base (about 124 days of 10 ms ticks). */
    static final int REBASE_AFTER_TICKS = 1 << 30;

    /** Time 0 of the ticks; moves forward in {@link #rebase}. */
    private long baseMillis;
    private final int seed = ThreadLocalRandom.current().nextInt();
    private final NodeStore store = new NodeStore();
    private final NodeIndex index = new NodeIndex(store);
    private final ExpiryWheel wheel;
    private final Interner components = new Interner("component");
    private final Interner versions = new Interner("version");
    private final NodeLimit limit;

    /** An empty table without a limit of its own (at most {@value NodeLimit#MAX} nodes) whose clock starts at {@code nowMillis}. */
    NodeTable(ExpiryWindow window, long nowMillis) {
        this(window, nowMillis, new NodeLimit(NodeLimit.MAX));
    }

    /** An empty table holding no more nodes than {@code limit} has places for, whose clock starts at {@code nowMillis} (Unix milliseconds). */
    NodeTable(ExpiryWindow window, long nowMillis, NodeLimit limit) {
        this.limit = limit;
        this.window = window;
        this.tickMillis = window.tickMillis();
        long ticks = (window.length().toMillis() + tickMillis - 1) / tickMillis;
        this.windowTicks = ticks;
        this.baseMillis = nowMillis - 2 * window.length().toMillis();
        this.wheel = new ExpiryWheel(store, window.bucketTicks(), ticks, tick(nowMillis));
    }

    ExpiryWindow window() {
        return window;
    }

    /**
     * Records that the node was seen at {@code seenAtMillis} with {@code version}; "last seen"
     * never moves backwards.
     *
     * @return the version it had before, null when the node was not known, or {@link #REFUSED} when it
     *         was not known and the node limit left no place for it (nothing changed then)
     * @throws LifecycleException when 65,536 other components or versions are in use
     */
    String put(String component, String identity, String version, long seenAtMillis) {
        byte[] key = identity.getBytes(StandardCharsets.UTF_8);
        int seen = Math.max(tick(seenAtMillis), wheel.earliestTick());
        int c = components.existing(component);
        int id = c < 0 ? NodeStore.NONE : index.find(hash(c, key), c, key);
        if (id == NodeStore.NONE) {
            if (!limit.take(key.length)) {
                return REFUSED;
            }
            int v;
            try {
                c = components.acquire(component);
            } catch (LifecycleException e) {
                limit.give(key.length);
                throw e;
            }
            try {
                v = versions.acquire(version);
            } catch (LifecycleException e) {
                components.release(c);
                limit.give(key.length);
                throw e;
            }
            int hash = hash(c, key);
            id = store.allocate();
            store.setHash(id, hash);
            store.setIdentity(id, key);
            store.setComponentAndVersion(id, c, v);
            store.setLastSeen(id, seen);
            index.add(id, hash);
            wheel.link(id);
            return null;
        }
        int was = store.version(id);
        String previous = versions.value(was);
        if (!previous.equals(version)) {
            int v = versions.acquire(version);
            versions.release(was);
            store.setVersion(id, v);
        }
        int last = store.lastSeen(id);
        if (seen > last) { // the wheel files a node by its last seen: a new bucket means moving it (ExpiryWheel)
            if (wheel.bucketOf(seen) != wheel.bucketOf(last)) {
                wheel.unlink(id);
                store.setLastSeen(id, seen);
                wheel.link(id);
            } else {
                store.setLastSeen(id, seen);
            }
        }
        return previous;
    }

    /** Forgets a node; returns the version it had, or null when it was not known. */
    String remove(String component, String identity) {
        int id = find(component, identity);
        if (id == NodeStore.NONE) {
            return null;
        }
        String version = versions.value(store.version(id));
        forget(id);
        return version;
    }

    /** The version recorded for a node, or null when it is not known. */
    String version(String component, String identity) {
        int id = find(component, identity);
        return id == NodeStore.NONE ? null : versions.value(store.version(id));
    }

    /** When the node was last seen, at the table's resolution (rounded down), or -1 when unknown. */
    long lastSeenMillis(String component, String identity) {
        int id = find(component, identity);
        return id == NodeStore.NONE ? -1 : baseMillis + store.lastSeen(id) * tickMillis;
    }

    /** How many nodes are known. */
    int size() {
        return store.live();
    }

    /**
     * Forgets up to {@code budget} nodes not seen for longer than the window at {@code nowMillis}.
     * Call again while the total count returned equals the budget.
     */
    List<ExpiredNodes> expire(long nowMillis, int budget) {
        if (tick(nowMillis) >= REBASE_AFTER_TICKS) {
            rebase();
        }
        long cutoff = tick(nowMillis) - windowTicks - 1;
        // names are taken before forget() may free their ids (and a later node reuse them)
        Map<Integer, Expired> byKind = new LinkedHashMap<>();
        wheel.sweep(cutoff, budget, id -> {
            byKind.computeIfAbsent(store.kind(id), k -> new Expired(components.value(NodeStore.componentOfKind(k)),
                    versions.value(NodeStore.versionOfKind(k)))).count++;
            forget(id);
        });
        List<ExpiredNodes> out = new ArrayList<>(byKind.size());
        byKind.values().forEach(e -> out.add(new ExpiredNodes(e.component, e.version, e.count)));
        return out;
    }

    /**
     * Moves the base time forward by as many ticks as the oldest last seen allows, rounded down to
     * whole turns of the wheel: every node then stays in its wheel slot, and only the last seen
     * column and the wheel's sweep position change. One pass over the nodes, once per
     * {@link #REBASE_AFTER_TICKS} ticks.
     */
    private void rebase() {
        int oldest = wheel.earliestTick();
        int end = store.allocated();
        for (int id = 0; id < end; id++) {
            if (store.identity(id) != null) {
                oldest = Math.min(oldest, store.lastSeen(id));
            }
        }
        long turn = wheel.turnTicks();
        long shift = oldest / turn * turn;
        if (shift == 0) {
            return;
        }
        for (int id = 0; id < end; id++) {
            if (store.identity(id) != null) {
                store.setLastSeen(id, (int) (store.lastSeen(id) - shift));
            }
        }
        wheel.rebase(shift);
        baseMillis += shift * tickMillis;
    }

    /** How far the base time has moved since the table started (for tests of the rebase). */
    long baseMillis() {
        return baseMillis;
    }

    /** A count of one sweep, by component and version. */
    private static final class Expired {
        final String component;
        final String version;
        int count;

        Expired(String component, String version) {
            this.component = component;
            this.version = version;
        }
    }

    /** One past the highest node id handed out so far: a scan of [0, idBound()) meets every node. */
    int idBound() {
        return store.allocated();
    }

    /**
     * Copies the nodes with ids in [{@code from}, {@code to}) of {@code component} (and of
     * {@code version}, unless it is null) last seen at or before {@code seenAtMostMillis} into
     * {@code out}. Only references and numbers are copied, so a caller holding the table's lock
     * for a chunk does little work; identities are never changed in place, so they stay valid
     * after the lock is released.
     */
    void copyNodes(int from, int to, String component, String version, long seenAtMostMillis, NodeChunk out) {
        int c = components.existing(component);
        int v = version == null ? -1 : versions.existing(version);
        if (c < 0 || (version != null && v < 0)) {
            return;
        }
        int end = Math.min(to, store.allocated());
        for (int id = Math.max(0, from); id < end; id++) {
            byte[] identity = store.identity(id);
            if (identity == null || store.component(id) != c || (v >= 0 && store.version(id) != v)) {
                continue;
            }
            long seen = baseMillis + store.lastSeen(id) * tickMillis;
            if (seen <= seenAtMostMillis) {
                out.add(identity, versions.value(store.version(id)), seen);
            }
        }
    }

    private void forget(int id) {
        int c = store.component(id);
        int v = store.version(id);
        wheel.unlink(id);
        index.remove(id, store.hash(id));
        limit.give(store.identity(id).length);
        store.free(id);
        components.release(c);
        versions.release(v);
    }

    NodeLimit limit() {
        return limit;
    }

    /** How many distinct versions the table's nodes are on (for tests of recycling). */
    int versionsInUse() {
        return versions.inUse();
    }

    private int find(String component, String identity) {
        int c = components.existing(component);
        if (c < 0) {
            return NodeStore.NONE;
        }
        byte[] key = identity.getBytes(StandardCharsets.UTF_8);
        return index.find(hash(c, key), c, key);
    }

    private int tick(long millis) {
        long t = Math.floorDiv(millis - baseMillis, tickMillis);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE - windowTicks - 2, t));
    }

    /** Seeded FNV-1a then a murmur finaliser: a per-table seed keeps crafted identities from colliding on purpose. */
    private int hash(int component, byte[] key) {
        int h = seed ^ 0x811C9DC5 ^ (component * 0x9E3779B9);
        for (byte b : key) {
            h = (h ^ b) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** Index capacity in slots (for tests of growth). */
    int indexCapacity() {
        return index.capacity();
    }

    boolean indexMigrating() {
        return index.migrating();
    }
}
