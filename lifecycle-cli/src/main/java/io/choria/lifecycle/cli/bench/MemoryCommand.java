package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.option.HelpOption;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.tally.TallyRecorder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench memory}: the heap a tally's node table retains per node, for sizing a tally's heap.
 * With {@code --at-limit}: a tally filled to its node limit under this JVM's heap, then a burst
 * of as many new nodes again ({@link AtLimitMemory}). The comparison with a plain HashMap table
 * is a benchmark, not a product feature: {@code NodeTableMemory} in the benchmarks module.
 */
@Command(name = "memory",
        description = "Fill a tally with N nodes through the recorder and report the retained heap per node"
                + "; with --at-limit, fill it to its node limit"
                + " (the default for this heap, or --max-nodes) and report RSS and heap after GC before and after"
                + " a burst of as many new nodes beyond it.")
public final class MemoryCommand implements Callable<Integer> {
    static final String[] VERSIONS = {"0.29.4", "0.30.0", "0.30.1", "0.31.0", "0.31.2"};
    private static final Duration WINDOW = Duration.ofMinutes(80);

    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public MemoryCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    @Option(names = "--nodes", description = "Number of nodes (default: ${DEFAULT-VALUE})", defaultValue = "1000000")
    int nodes;

    @Option(names = "--json", description = "Print one JSON line")
    boolean json;

    @Option(names = "--at-limit", description = "Fill the tally to its node limit instead of --nodes, then burst beyond it")
    boolean atLimit;

    @Option(names = "--max-nodes", paramLabel = "N",
            description = "With --at-limit: the node limit (default: the tally's default for this JVM's heap)")
    Integer maxNodes;

    @Override
    public Integer call() {
        if (atLimit) {
            int limit = maxNodes != null ? maxNodes : TallyRecorder.defaultMaxNodes();
            if (limit < 1 || limit > 100_000_000) {
                throw new ParameterException(spec.commandLine(), "--max-nodes must be between 1 and 100000000, got " + limit);
            }
            new AtLimitMemory(limit).run(terminal.stdout(), json);
            return 0;
        }
        if (nodes < 1 || nodes > 20_000_000) {
            throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and 20000000, got " + nodes);
        }
        long before = retainedHeap();
        TallyRecorder recorder = TallyRecorder.create("choria_tally", new PrometheusRegistry(), WINDOW);
        for (int i = 1; i <= nodes; i++) {
            recorder.record(Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                    EventOption.identity(identity(i)), EventOption.version(VERSIONS[i % VERSIONS.length])));
        }
        long retained = retainedHeap() - before;
        int tracked = recorder.nodes();
        Reference.reachabilityFence(recorder);
        print(tracked, retained);
        return 0;
    }

    private void print(int tracked, long retained) {
        double perNode = (double) retained / nodes;
        PrintStream out = terminal.stdout();
        if (json) {
            out.printf(Locale.ROOT, "{\"nodes\":%d,\"bytes_per_node\":%.1f,\"retained_bytes\":%d,\"nodes_tracked\":%d,"
                    + "\"versions\":%d,\"heap_max_bytes\":%d}%n", nodes, perNode, retained, tracked, VERSIONS.length,
                    Runtime.getRuntime().maxMemory());
        } else {
            out.printf(Locale.ROOT, "%,d nodes (%d versions) retain %,d heap bytes: %.1f bytes per node%n",
                    tracked, VERSIONS.length, retained, perNode);
        }
        out.flush();
    }

    /** A new String per node, as each node's events bring their own. */
    static String identity(int i) {
        return String.format("node-%07d.example.net", i);
    }

    /** Heap in use after full collections, settled: several System.gc() calls with pauses in between. */
    static long retainedHeap() {
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
