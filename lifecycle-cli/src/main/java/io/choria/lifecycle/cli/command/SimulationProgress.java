package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.simulator.Simulator;
import io.choria.lifecycle.GoDuration;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Locale;

/** The simulator's progress lines on stderr: messages sent and their rate, live nodes, failures, lag and heap. */
public final class SimulationProgress {
    private final Simulator simulator;
    private final PrintStream err;
    private long lastMessages;
    private long lastNanos = System.nanoTime();

    public SimulationProgress(Simulator simulator, PrintStream err) {
        this.simulator = simulator;
        this.err = err;
    }

    /** One line: what happened since the last one. */
    synchronized void print() {
        Simulator.Stats s = simulator.stats();
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long rate = Math.round((s.messages() - lastMessages) / seconds);
        lastMessages = s.messages();
        lastNanos = now;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        err.printf(Locale.ROOT, "simulate: %s %,d messages sent (%,d/s), %,d nodes up, %,d publish failures, %s behind, heap %,d MB used of %,d MB%n",
                GoDuration.format(round(s.simulated())), s.messages(), rate, s.liveNodes(), s.publishFailures(),
                GoDuration.format(round(s.behind())), heap.getUsed() >> 20, heap.getMax() >> 20);
        err.flush();
    }

    /** The closing counts. */
    public static String summary(Simulator.Stats s) {
        return String.format(Locale.ROOT, "%s simulated, %,d lifecycle events, %,d machine transitions and %,d exec watcher"
                        + " states sent, %,d nodes up, %,d publish failures (retried), %,d unconfirmed flushes",
                GoDuration.format(round(s.simulated())), s.lifecycleEvents(), s.transitions(), s.execStates(), s.liveNodes(),
                s.publishFailures(), s.flushTimeouts());
    }

    private static Duration round(Duration d) {
        return Duration.ofMillis(d.toMillis() / 100 * 100);
    }
}
