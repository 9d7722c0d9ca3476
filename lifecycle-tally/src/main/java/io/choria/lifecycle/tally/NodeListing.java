package io.choria.lifecycle.tally;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@link NodeQuery}s from the live node table without holding up event processing.
 *
 * <p>How: the table is read in chunks of {@value #CHUNK} node ids, each under the recorder's
 * (fair) lock, which is released in between so waiting events go first. Under the lock a chunk
 * only copies references of the nodes of the asked component (and version, and silence); the
 * identity filters, the ordering and the paging happen after it is released. One listing runs at
 * a time, so an event waits for at most one chunk (plus an expiry sweep's). The price: a page
 * costs a pass over the whole table, and it is not a snapshot. A node that stays is listed once;
 * one added or removed during the pass may or may not be. Paging by identity ({@code after})
 * keeps pages consistent with each other all the same.
 */
final class NodeListing {
    /** Node ids read per lock hold (about 0.1 ms of copying; see the NodeListingBenchmark). */
    static final int CHUNK = 4096;

    private final TallyRecorder recorder;
    private final Clock clock;
    private final Semaphore oneAtATime = new Semaphore(1, true);
    private volatile long longestHoldNanos;

    NodeListing(TallyRecorder recorder, Clock clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * One page of nodes.
     *
     * @throws BadRequest never; query validation happened when the query was read
     * @throws InterruptedException when interrupted while waiting for another listing
     * @throws TallyException when other listings kept it waiting for too long
     */
    NodePage list(NodeQuery q) throws InterruptedException {
        if (!oneAtATime.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new TallyException("the tally is busy listing nodes for other clients, try again");
        }
        try {
            return scan(q);
        } finally {
            oneAtATime.release();
        }
    }

    private NodePage scan(NodeQuery q) {
        long seenAtMost = q.silentFor() == null ? Long.MAX_VALUE : clock.millis() - q.silentFor().toMillis();
        byte[] after = q.after() == null ? null : q.after().getBytes(StandardCharsets.UTF_8);
        byte[] contains = q.contains() == null ? null : q.contains().getBytes(StandardCharsets.UTF_8);
        TreeMap<byte[], Found> page = new TreeMap<>(Arrays::compareUnsigned);
        NodeChunk chunk = new NodeChunk(CHUNK);
        long total = 0;
        for (int from = 0; ; from += CHUNK) {
            int start = from;
            chunk.clear();
            int bound = recorder.readTable(table -> {
                long t0 = System.nanoTime();
                table.copyNodes(start, start + CHUNK, q.component(), q.version(), seenAtMost, chunk);
                int b = table.idBound();
                noteHold(System.nanoTime() - t0);
                return b;
            });
            for (int i = 0; i < chunk.size(); i++) {
                byte[] identity = chunk.identity(i);
                if (contains != null && !IdentitySearch.contains(identity, contains)) {
                    continue;
                }
                total++;
                if (after != null && Arrays.compareUnsigned(identity, after) <= 0) {
                    continue;
                }
                if (page.size() > q.limit() && Arrays.compareUnsigned(identity, page.lastKey()) >= 0) {
                    continue;
                }
                page.put(identity, new Found(chunk.version(i), chunk.lastSeen(i)));
                if (page.size() > q.limit() + 1) {
                    page.pollLastEntry();
                }
            }
            if (start + CHUNK >= bound) {
                break;
            }
        }
        List<NodePage.ListedNode> nodes = new ArrayList<>(Math.min(page.size(), q.limit()));
        for (Map.Entry<byte[], Found> e : page.entrySet()) {
            if (nodes.size() == q.limit()) {
                break;
            }
            Found n = e.getValue();
            nodes.add(new NodePage.ListedNode(new String(e.getKey(), StandardCharsets.UTF_8), n.version(), n.lastSeenMillis()));
        }
        String next = page.size() > q.limit() ? nodes.get(nodes.size() - 1).identity() : null;
        return new NodePage(q, nodes, next, total);
    }

    /** A node kept for the page, its identity being the map's key. */
    private record Found(String version, long lastSeenMillis) {
    }

    private void noteHold(long nanos) {
        if (nanos > longestHoldNanos) {
            longestHoldNanos = nanos;
        }
    }

    /** The longest a chunk has held the table's lock so far, in nanoseconds (read by the benchmark). */
    long longestHoldNanos() {
        return longestHoldNanos;
    }
}
