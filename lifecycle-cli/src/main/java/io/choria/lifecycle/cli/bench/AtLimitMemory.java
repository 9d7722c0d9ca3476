package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.tally.TallyRecorder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code bench memory --at-limit}: a tally recorder filled to its node limit, then offered as many
 * nodes again that it has no place for. Reports the process's resident memory and the heap in use
 * after full collections at the limit and after the burst, so the sizing of the limit is seen
 * against the heap it was derived from, and that nodes past it cost nothing that stays.
 */
final class AtLimitMemory {
    private static final Duration WINDOW = Duration.ofMinutes(80);

    private final int limit;

    AtLimitMemory(int limit) {
        this.limit = limit;
    }

    void run(PrintStream out, boolean json) {
        long empty = MemoryCommand.retainedHeap();
        TallyRecorder recorder = TallyRecorder.create("choria_tally", new PrometheusRegistry(), WINDOW, limit, 300);
        fill(recorder, 1, limit);
        long atLimit = MemoryCommand.retainedHeap();
        long rssAtLimit = rss();
        int tracked = recorder.nodes();
        fill(recorder, limit + 1, limit);
        long afterBurst = MemoryCommand.retainedHeap();
        long rssAfterBurst = rss();
        int trackedAfter = recorder.nodes();
        Reference.reachabilityFence(recorder);
        long max = Runtime.getRuntime().maxMemory();
        if (json) {
            out.printf(Locale.ROOT, "{\"heap_max_bytes\":%d,\"node_limit\":%d,\"nodes_tracked\":%d,\"heap_empty_bytes\":%d,"
                    + "\"heap_at_limit_bytes\":%d,\"rss_at_limit_bytes\":%d,\"burst_nodes\":%d,"
                    + "\"nodes_tracked_after_burst\":%d,\"heap_after_burst_bytes\":%d,\"rss_after_burst_bytes\":%d}%n",
                    max, limit, tracked, empty, atLimit, rssAtLimit, limit, trackedAfter, afterBurst, rssAfterBurst);
        } else {
            out.printf(Locale.ROOT, "heap max %,d MB, node limit %,d: %,d nodes tracked, heap after GC %,d MB"
                    + " (%.1f%% of max, %,d MB with the tally empty), RSS %,d MB%n", max >> 20, limit, tracked,
                    atLimit >> 20, 100.0 * atLimit / max, empty >> 20, rssAtLimit >> 20);
            out.printf(Locale.ROOT, "after %,d more new nodes: %,d nodes tracked, heap after GC %,d MB, RSS %,d MB%n",
                    limit, trackedAfter, afterBurst >> 20, rssAfterBurst >> 20);
        }
        out.flush();
    }

    private static void fill(TallyRecorder recorder, int from, int count) {
        for (int i = from; i < from + count; i++) {
            recorder.record(Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                    EventOption.identity(MemoryCommand.identity(i)),
                    EventOption.version(MemoryCommand.VERSIONS[i % MemoryCommand.VERSIONS.length])));
        }
    }

    /** The process's resident set (VmRSS of /proc/self/status), or -1 where there is none. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
