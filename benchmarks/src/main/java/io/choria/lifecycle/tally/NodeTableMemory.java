package io.choria.lifecycle.tally;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Locale;

/**
 * The heap the tally's node table retains per node against the plain design
 * ({@link HashMapNodeTable}) holding the same nodes, measured one after the other in one JVM:
 * the ratio is what counts on a shared machine. Not JMH (retained heap is not one of its
 * measures); run it from the benchmarks jar:
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar io.choria.lifecycle.tally.NodeTableMemory [nodes]</pre>
 *
 * <p>Prints one JSON line. The product's own figure, without the baseline, is
 * {@code choria-lifecycle bench memory}.
 */
public final class NodeTableMemory {
    private static final String[] VERSIONS = {"0.29.4", "0.30.0", "0.30.1", "0.31.0", "0.31.2"};
    private static final Duration WINDOW = Duration.ofMinutes(80);

    private NodeTableMemory() {
    }

    public static void main(String[] args) {
        int nodes = 1_000_000;
        if (args.length > 0) {
            try {
                nodes = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                nodes = -1;
            }
        }
        if (nodes < 1 || nodes > 20_000_000) {
            System.err.println("error: the number of nodes must be between 1 and 20000000, got " + (args.length > 0 ? args[0] : ""));
            System.exit(2);
        }
        System.out.println(measure(nodes));
    }

    /** Fills both tables with {@code nodes} nodes, one after the other, and describes what each retained in one JSON line. */
    static String measure(int nodes) {
        long before = retainedHeap();
        TallyRecorder recorder = TallyRecorder.create("choria_tally", new PrometheusRegistry(), WINDOW);
        for (int i = 1; i <= nodes; i++) {
            recorder.record(Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                    EventOption.identity(identity(i)), EventOption.version(VERSIONS[i % VERSIONS.length])));
        }
        long retained = retainedHeap() - before;
        int tracked = recorder.nodes();
        Reference.reachabilityFence(recorder);
        recorder = null;

        long plainBefore = retainedHeap();
        HashMapNodeTable plain = new HashMapNodeTable(WINDOW);
        long now = System.currentTimeMillis();
        for (int i = 1; i <= nodes; i++) {
            plain.put("server", identity(i), VERSIONS[i % VERSIONS.length], now);
        }
        long plainRetained = retainedHeap() - plainBefore;
        int plainTracked = plain.size();
        Reference.reachabilityFence(plain);

        return String.format(Locale.ROOT, "{\"nodes\":%d,\"versions\":%d,\"table_nodes\":%d,\"table_bytes_per_node\":%.1f,"
                        + "\"baseline_nodes\":%d,\"baseline_bytes_per_node\":%.1f,\"ratio\":%.2f}",
                nodes, VERSIONS.length, tracked, (double) retained / nodes, plainTracked, (double) plainRetained / nodes,
                (double) retained / plainRetained);
    }

    /** A new String per node, as each node's events bring their own. */
    private static String identity(int i) {
        return String.format("node-%07d.example.net", i);
    }

    /** Heap in use after full collections, settled: several System.gc() calls with pauses in between. */
    private static long retainedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
