package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.NodePage;

import io.choria.lifecycle.tally.web.NodeQuery;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What listing a million nodes costs, and what it costs event processing (docs/fleet.md).
 *
 * <ul>
 *   <li>{@code ingestAlone}: the time of each {@code record()} of an alive event (10 % change the
 *   node's version) on a 1,000,000-node table, nothing else running: the baseline.</li>
 *   <li>{@code listAlone}: the time per page of 10,000 nodes (every node matching), nothing else running.</li>
 *   <li>{@code ingestWhileListing}: the same, while a second thread lists pages of 10,000 nodes
 *   (the {@code nodes} command's page size, every node matching: the most copying per chunk)
 *   back to back. Its {@code ingest} percentiles against the baseline's are what listing adds to
 *   an event's wait; its {@code list} line is the time per page under that load.</li>
 * </ul>
 * After each iteration the listing's lock holds are printed ({@link LockHolds}): wall time,
 * which includes GC pauses and the thread being descheduled, and the thread's CPU time, which is
 * the work done under the lock. {@code chunk} is the number of node ids per hold.
 *
 * <p>It sits in the tally's package because the listing is package-private (nothing outside
 * the tally needs it); the benchmarks jar has no module descriptor, so that is allowed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class NodeListingBenchmark {
    static final int NODES = 1_000_000;
    static final int EVENTS = 1 << 16;
    static final String[] VERSIONS = {"0.29.4", "0.30.0", "0.30.1", "0.31.0", "0.31.2"};

    @Param({"1024"})
    public int chunk;

    private TallyRecorder recorder;
    private NodeListing listing;
    private LifecycleEvent[] events;
    private int next;
    private final NodeQuery everyServer = new NodeQuery("server", null, null, null, NodeQuery.MAX_LIMIT, null);
    private String after;
    private String afterAlone;
    private final LockHolds holds = new LockHolds();

    @Setup(Level.Trial)
    public void fillTable() {
        recorder = new TallyRecorder(new TallyMetrics("choria_tally", new PrometheusRegistry(), () -> true),
                ExpiryWindow.DEFAULT, Clock.systemUTC());
        for (int i = 1; i <= NODES; i++) {
            recorder.record(alive(i, VERSIONS[i % VERSIONS.length]));
        }
        listing = new NodeListing(recorder, Clock.systemUTC(), chunk, holds);
        SplittableRandom random = new SplittableRandom(7);
        events = new LifecycleEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            int node = 1 + random.nextInt(NODES);
            events[i] = alive(node, VERSIONS[(node + (i % 10 == 0 ? 1 : 0)) % VERSIONS.length]);
        }
    }

    @Setup(Level.Iteration)
    public void clearHolds() {
        holds.clear();
    }

    @TearDown(Level.Iteration)
    public void reportHolds() {
        holds.report(chunk);
    }

    private static LifecycleEvent alive(int node, String version) {
        return Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                EventOption.identity(String.format("node-%07d.example.net", node)), EventOption.version(version));
    }

    @Benchmark
    public void ingestAlone() {
        recorder.record(events[next++ & (EVENTS - 1)]);
    }

    @Benchmark
    @Group("ingestWhileListing")
    @GroupThreads(1)
    public void ingest() {
        recorder.record(events[next++ & (EVENTS - 1)]);
    }

    @Benchmark
    @Group("ingestWhileListing")
    @GroupThreads(1)
    public NodePage list() throws InterruptedException {
        NodePage page = listing.list(after == null ? everyServer
                : new NodeQuery("server", null, null, after, NodeQuery.MAX_LIMIT, null));
        after = page.next(); // walks the whole fleet page by page, then starts again
        return page;
    }

    @Benchmark
    public NodePage listAlone() throws InterruptedException {
        NodePage page = listing.list(afterAlone == null ? everyServer
                : new NodeQuery("server", null, null, afterAlone, NodeQuery.MAX_LIMIT, null));
        afterAlone = page.next();
        return page;
    }

    /** Wall and CPU time of every lock hold of the listing (one listing thread at a time). */
    static final class LockHolds implements NodeListing.HoldWatch {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final long[] wall = new long[1 << 20];
        private final long[] cpu = new long[1 << 20];
        private int count;
        private long wallStart;
        private long cpuStart;

        @Override
        public void held() {
            wallStart = System.nanoTime();
            cpuStart = THREADS.getCurrentThreadCpuTime();
        }

        @Override
        public void releasing() {
            long c = THREADS.getCurrentThreadCpuTime() - cpuStart;
            long w = System.nanoTime() - wallStart;
            if (count < wall.length) {
                wall[count] = w;
                cpu[count] = c;
            }
            count++;
        }

        void clear() {
            count = 0;
        }

        void report(int chunk) {
            if (count == 0) {
                return;
            }
            int n = Math.min(count, wall.length);
            System.out.printf(java.util.Locale.ROOT, "%n  %,d lock holds of %d ids: wall %s; cpu %s%n", count, chunk,
                    summary(java.util.Arrays.copyOf(wall, n)), summary(java.util.Arrays.copyOf(cpu, n)));
        }

        private static String summary(long[] values) {
            java.util.Arrays.sort(values);
            long over = java.util.Arrays.stream(values).filter(v -> v > 1_000_000).count();
            return String.format(java.util.Locale.ROOT, "p50 %.3f ms, p99 %.3f, p99.9 %.3f, max %.3f, over 1 ms: %d",
                    at(values, 0.5), at(values, 0.99), at(values, 0.999), values[values.length - 1] / 1e6, over);
        }

        private static double at(long[] sorted, double q) {
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
        }
    }
}
