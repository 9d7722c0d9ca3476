package io.choria.lifecycle.cli;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.cli.bench.BurstCommand;
import io.choria.lifecycle.cli.bench.IngestCommand;
import io.choria.lifecycle.cli.bench.WarmStartCommand;
import io.choria.lifecycle.tally.ExpiryWindow;
import io.choria.lifecycle.tally.TallyMetrics;
import io.choria.lifecycle.tally.TallyRecorder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench}: quick measurements of this build on this machine (throughput lives in JMH). */
@Command(name = "bench", description = "Measure the tally on this machine.",
        subcommands = {BenchCommand.Memory.class, IngestCommand.class, WarmStartCommand.class, BurstCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ChoriaLifecycle root;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: memory, ingest, warm-start or burst");
    }

    /** The root command, for the streams of subcommands in other packages. */
    public ChoriaLifecycle root() {
        return root;
    }

    /** {@code bench memory}: retained heap per node of the tally's node table. */
    @Command(name = "memory",
            description = "Fill a tally with N nodes through the recorder and report the retained heap per node.")
    public static final class Memory implements Callable<Integer> {
        static final String[] VERSIONS = {"0.29.4", "0.30.0", "0.30.1", "0.31.0", "0.31.2"};

        @Spec
        CommandSpec spec;

        @ParentCommand
        BenchCommand bench;

        @Mixin
        HelpOption help;

        @Option(names = "--nodes", description = "Number of nodes (default: ${DEFAULT-VALUE})", defaultValue = "1000000")
        int nodes;

        @Option(names = "--json", description = "Print one JSON line")
        boolean json;

        @Override
        public Integer call() {
            if (nodes < 1 || nodes > 20_000_000) {
                throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and 20000000, got " + nodes);
            }
            long before = retainedHeap();
            TallyRecorder recorder = new TallyRecorder(new TallyMetrics("choria_tally", new PrometheusRegistry(), () -> true),
                    ExpiryWindow.DEFAULT, Clock.systemUTC());
            for (int i = 1; i <= nodes; i++) {
                recorder.record(Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                        EventOption.identity(String.format("node-%07d.example.net", i)),
                        EventOption.version(VERSIONS[i % VERSIONS.length])));
            }
            long after = retainedHeap();
            int tracked = recorder.nodes();
            Reference.reachabilityFence(recorder);
            long retained = after - before;
            double perNode = (double) retained / nodes;
            PrintStream out = bench.root.stdout();
            if (json) {
                out.printf(Locale.ROOT, "{\"nodes\":%d,\"bytes_per_node\":%.1f,\"retained_bytes\":%d,\"nodes_tracked\":%d,"
                        + "\"versions\":%d,\"heap_max_bytes\":%d}%n", nodes, perNode, retained, tracked, VERSIONS.length,
                        Runtime.getRuntime().maxMemory());
            } else {
                out.printf(Locale.ROOT, "%,d nodes (%d versions) retain %,d heap bytes: %.1f bytes per node%n",
                        tracked, VERSIONS.length, retained, perNode);
            }
            out.flush();
            return 0;
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
}
