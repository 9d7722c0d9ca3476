package io.choria.lifecycle.tally;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A ring of buckets by "last seen" time, each an intrusive doubly-linked list through the
 * {@link NodeStore}'s {@code prev}/{@code next} columns. Expiry walks only the buckets whose
 * whole time range is past the window, so its cost is proportional to what expires, not to the
 * number of nodes tracked; moving a node to a newer bucket is O(1).
 *
 * <p>The invariant: a linked node is in the list of the slot of {@code bucketOf} its current
 * last seen, and in no other. Nothing stores which list a node is in: {@link #unlink} finds the
 * list's head by working out that slot from the last seen again. So a node's last seen may change
 * only while it is unlinked, or within the bucket it is filed under, and only
 * {@link NodeTable#put} changes it, unlinking and linking the node again when the bucket
 * changes. Several buckets share a slot once the ring has wrapped (a long pause between sweeps),
 * which is why {@link #sweep} checks each node's own last seen against the cutoff.
 */
final class ExpiryWheel {
    private final NodeStore store;
    private final int bucketTicks;
    private final int[] heads;
    /** Absolute index of the oldest bucket not yet swept completely. */
    private long sweptUpTo;

    ExpiryWheel(NodeStore store, int bucketTicks, long windowTicks, long startTick) {
        this.store = store;
        this.bucketTicks = bucketTicks;
        this.heads = new int[(int) (windowTicks / bucketTicks) + 4];
        Arrays.fill(heads, NodeStore.NONE);
        this.sweptUpTo = Math.max(0, startTick - windowTicks) / bucketTicks;
    }

    long bucketOf(int tick) {
        return tick / bucketTicks;
    }

    /** The earliest tick a node may be filed under; older ones would sit in swept buckets. */
    int earliestTick() {
        return (int) Math.min(Integer.MAX_VALUE, sweptUpTo * bucketTicks);
    }

    /** Ticks in one turn of the ring: moving every last seen by a multiple of it keeps each node in its slot. */
    long turnTicks() {
        return (long) bucketTicks * heads.length;
    }

    /**
     * Follows {@link NodeTable}'s rebase: every last seen moved back by {@code ticks}, a multiple
     * of {@link #turnTicks} no larger than {@link #earliestTick}, so the lists stay as they are.
     */
    void rebase(long ticks) {
        if (ticks % turnTicks() != 0 || ticks > earliestTick()) {
            throw new IllegalArgumentException("rebase by " + ticks + " ticks: not whole turns of " + turnTicks()
                    + " up to the earliest tick " + earliestTick());
        }
        sweptUpTo -= ticks / bucketTicks;
    }

    void link(int id) {
        int slot = slot(bucketOf(store.lastSeen(id)));
        int head = heads[slot];
        store.setPrev(id, NodeStore.NONE);
        store.setNext(id, head);
        if (head != NodeStore.NONE) {
            store.setPrev(head, id);
        }
        heads[slot] = id;
    }

    void unlink(int id) {
        int p = store.prev(id);
        int n = store.next(id);
        if (p != NodeStore.NONE) {
            store.setNext(p, n);
        } else {
            heads[slot(bucketOf(store.lastSeen(id)))] = n;
        }
        if (n != NodeStore.NONE) {
            store.setPrev(n, p);
        }
    }

    /**
     * Calls {@code expire} for up to {@code budget} nodes whose last seen tick is at or before
     * {@code cutoffTick}, walking only buckets entirely at or before it.
     */
    void sweep(long cutoffTick, int budget, IntConsumer expire) {
        long lastFull = (cutoffTick + 1) / bucketTicks - 1;
        if (lastFull - sweptUpTo >= heads.length) {
            sweptUpTo = lastFull - heads.length + 1; // a long pause: each ring slot once is enough
        }
        int done = 0;
        while (sweptUpTo <= lastFull) {
            int id = heads[slot(sweptUpTo)];
            while (id != NodeStore.NONE) {
                int following = store.next(id);
                if (store.lastSeen(id) <= cutoffTick) {
                    if (done == budget) {
                        return;
                    }
                    expire.accept(id);
                    done++;
                }
                id = following;
            }
            sweptUpTo++;
        }
    }

    private int slot(long bucket) {
        return (int) (bucket % heads.length);
    }
}
