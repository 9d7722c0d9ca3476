package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.BadRequest;
import io.choria.lifecycle.tally.web.NodeLister;
import io.choria.lifecycle.tally.web.NodePage;
import io.choria.lifecycle.tally.web.NodeQuery;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
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
final class NodeListing implements NodeLister {
    /**
     * Node ids read per lock hold: about 0.015 ms of copying once compiled, under 1 ms even the
     * first time through, when the JVM still interprets the loop (4096 took up to 2.6 ms then;
     * NodeListingBenchmark, docs/fleet.md).
     */
    static final int CHUNK = 1024;

    private final TallyRecorder recorder;
    private final Clock clock;
    private final Semaphore oneAtATime = new Semaphore(1, true);
    private final int chunk;
    private final HoldWatch watch;

    NodeListing(TallyRecorder recorder, Clock clock) {
        this(recorder, clock, CHUNK, HoldWatch.NONE);
    }

    /** With another chunk size and a watch on each lock hold: for the benchmark. */
    NodeListing(TallyRecorder recorder, Clock clock, int chunk, HoldWatch watch) {
        this.recorder = recorder;
        this.clock = clock;
        this.chunk = chunk;
        this.watch = watch;
    }

    /** Told when a chunk has taken the table's lock and when it is about to let it go. */
    interface HoldWatch {
        HoldWatch NONE = new HoldWatch() {
            @Override
            public void held() {
            }

            @Override
            public void releasing() {
            }
        };

        void held();

        void releasing();
    }

    /**
     * One page of nodes.
     *
     * @throws BadRequest never; query validation happened when the query was read
     * @throws InterruptedException when interrupted while waiting for another listing
     * @throws LifecycleException when other listings kept it waiting for too long
     */
    @Override
    public NodePage list(NodeQuery q) throws InterruptedException {
        if (!oneAtATime.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new LifecycleException(Reason.TIMED_OUT, "the tally is busy listing nodes for other clients, try again");
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
        NodeChunk copied = new NodeChunk(chunk);
        long total = 0;
        for (int from = 0; ; from += chunk) {
            int start = from;
            copied.clear();
            int bound = recorder.readTable(table -> {
                watch.held();
                table.copyNodes(start, start + chunk, q.component(), q.version(), seenAtMost, copied);
                int b = table.idBound();
                watch.releasing();
                return b;
            });
            for (int i = 0; i < copied.size(); i++) {
                byte[] identity = copied.identity(i);
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
                page.put(identity, new Found(copied.version(i), copied.lastSeen(i)));
                if (page.size() > q.limit() + 1) {
                    page.pollLastEntry();
                }
            }
            if (start + chunk >= bound) {
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

}
