package io.choria.lifecycle.cli.demo;

import io.choria.lifecycle.simulator.Simulator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far the tally got with what a paused simulator sent, read from {@code /metrics}: lifecycle
 * events are counted in {@code good_events} or {@code process_errors}, transitions in
 * {@code machine_transition}, exec states with an outcome in {@code exec_watcher_success} or
 * {@code _failures} (machine events that fail are {@code process_errors} of component
 * {@code transition} / {@code exec_watcher}). The example Spring Boot service's events are left
 * out: the simulator did not send them.
 */
record TallyProgress(MetricsPage page, Simulator.Stats sent, long lifecycle, long lifecycleErrors, long transitions,
        long execOutcomes, long machineErrors) {
    private static final String P = DemoStack.PREFIX;

    /** Reads {@code /metrics} until the tally has counted everything sent, or the timeout. */
    static TallyProgress await(URI metrics, Simulator.Stats sent, Duration timeout, Runnable stillWanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            stillWanted.run();
            TallyProgress p = of(MetricsPage.read(metrics), sent);
            if (p.complete() || System.nanoTime() > deadline) {
                return p;
            }
            Thread.sleep(100);
        }
    }

    static TallyProgress of(MetricsPage page, Simulator.Stats sent) {
        return new TallyProgress(page, sent,
                // the Spring Boot service's events are its own, not the simulator's: it is compared as a node
                (long) page.sum(P + "_good_events", "component", DemoService.COMPONENT),
                (long) page.sum(P + "_process_errors", "component", "transition", "exec_watcher"),
                (long) page.sum(P + "_machine_transition", "machine"),
                (long) (page.sum(P + "_exec_watcher_success", "machine") + page.sum(P + "_exec_watcher_failures", "machine")),
                (long) (page.sum(P + "_process_errors", "component") - page.sum(P + "_process_errors", "component",
                        "transition", "exec_watcher")));
    }

    /** Whether every message sent has been counted one way or another. */
    boolean complete() {
        return lifecycle + lifecycleErrors >= sent.lifecycleEvents()
                && transitions + execOutcomes + machineErrors >= sent.transitions() + sent.execOutcomes();
    }

    String summary() {
        return String.format(Locale.ROOT, "demo: sent %,d lifecycle events, %,d machine transitions and %,d exec watcher"
                        + " states (%,d with an outcome to count); the tally counted %,d good events, %,d process errors,"
                        + " %,d transitions and %,d exec outcomes",
                sent.lifecycleEvents(), sent.transitions(), sent.execStates(), sent.execOutcomes(), lifecycle,
                lifecycleErrors + machineErrors, transitions, execOutcomes);
    }

    /** What keeps the comparison from being exact, one line each; empty when nothing does. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (lifecycleErrors + machineErrors > 0) {
            problems.add(String.format(Locale.ROOT, "the tally could not process %,d of the events sent",
                    lifecycleErrors + machineErrors));
        }
        if (lifecycle + lifecycleErrors != sent.lifecycleEvents()) {
            problems.add(String.format(Locale.ROOT, "the tally counted %,d of the %,d lifecycle events sent",
                    lifecycle + lifecycleErrors, sent.lifecycleEvents()));
        }
        if (transitions != sent.transitions() || execOutcomes != sent.execOutcomes()) {
            problems.add(String.format(Locale.ROOT, "the tally counted %,d transitions and %,d exec outcomes of the %,d and %,d sent",
                    transitions, execOutcomes, sent.transitions(), sent.execOutcomes()));
        }
        return problems;
    }
}
