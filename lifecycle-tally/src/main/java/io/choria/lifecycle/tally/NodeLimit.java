package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;

/**
 * How many nodes the {@link NodeTable} may hold, so that no publisher (a provisioning loop gone
 * wrong, a misconfigured fleet, an insider) can grow it until the JVM dies of
 * {@code OutOfMemoryError}: past the limit new identities are not tracked, known ones still update.
 *
 * <p>The limit is counted in places. A node takes one place per {@value #PLACE_IDENTITY_BYTES}
 * bytes of its identity (UTF-8), at least one: Choria identities are host names, nearly always
 * shorter, and a publisher of megabyte-long identities must not get a node's place for the price
 * of one.
 *
 * <p>The default follows the heap the JVM was given ({@link #defaultFor}): what is left after
 * {@value #RESERVED_MIB} MiB for everything else (at least a quarter of the heap), at
 * {@value #BYTES_PER_PLACE} bytes a place. 128 bytes is what a place costs at its worst: 20 bytes
 * of columns, up to 20 bytes of index while the index grows (old and new table at once), and a
 * 64-byte identity as a {@code byte[]} (80 bytes); a typical node costs about 80 (docs/tally.md).
 * The reserve is for the NATS client's queue of messages the tally has not read yet (64 MB of
 * messages, about 100 MB of heap when full), the metrics, the HTTP server and the JVM's own.
 * Not thread-safe: the table's lock guards it.
 */
final class NodeLimit {
    static final int PLACE_IDENTITY_BYTES = 64;
    static final int BYTES_PER_PLACE = 128;
    static final long RESERVED_MIB = 128;
    /** The most a limit may be: the index's int[] doubles at 60 % full and cannot outgrow 2^30 slots. */
    static final int MAX = 500_000_000;

    private final int max;
    private int used;

    NodeLimit(int max) {
        if (max < 1 || max > MAX) {
            throw new LifecycleException(Reason.INVALID_INPUT, "the node limit must be between 1 and " + MAX + ", got " + max);
        }
        this.max = max;
    }

    /** The default limit for a JVM whose heap may grow to {@code maxHeapBytes}. */
    static int defaultFor(long maxHeapBytes) {
        long budget = Math.max(maxHeapBytes - (RESERVED_MIB << 20), maxHeapBytes / 4);
        return (int) Math.max(1, Math.min(MAX, budget / BYTES_PER_PLACE));
    }

    /** The default limit for this JVM's heap ({@code -Xmx}). */
    static int defaultForThisJvm() {
        return defaultFor(Runtime.getRuntime().maxMemory());
    }

    /** The places a node of an identity of {@code identityBytes} UTF-8 bytes takes. */
    static int places(int identityBytes) {
        return 1 + Math.max(0, identityBytes - 1) / PLACE_IDENTITY_BYTES;
    }

    /** Takes the places of a new node if they are free; false (and nothing taken) when they are not. */
    boolean take(int identityBytes) {
        int p = places(identityBytes);
        if (used > max - p) {
            return false;
        }
        used += p;
        return true;
    }

    /** Gives back the places of a node forgotten. */
    void give(int identityBytes) {
        used -= places(identityBytes);
    }

    int max() {
        return max;
    }

    int used() {
        return used;
    }
}
