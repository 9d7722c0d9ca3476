package io.choria.lifecycle.tally;

import io.choria.lifecycle.machine.MachineEventReader;
import io.choria.lifecycle.machine.MachineEvents;

import io.choria.lifecycle.LifecycleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tally's update rules for machine events (docs/protocol.md): transitions and exec
 * watcher states become counter and summary updates. They never touch the node table, so no
 * lock is needed; every message that cannot be used is counted in {@code process_errors}.
 */
final class MachineEventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(MachineEventRecorder.class);

    private final TallyMetrics metrics;
    /** A few lines per interval: a flood of bad machine events must not flood the log (each is a process error). */
    private final WarningThrottle badInput = new WarningThrottle(LOG);

    MachineEventRecorder(TallyMetrics metrics) {
        this.metrics = metrics;
    }

    /** A message on {@code choria.machine.transition}. */
    void onTransitionMessage(byte[] body) {
        try {
            MachineEvents.Transition t = MachineEventReader.transition(body);
            metrics.transition(t.machine(), t.version(), t.transition(), t.from(), t.to());
        } catch (LifecycleException e) {
            badInput.warn("could not process transition event: {}", e.getMessage());
            metrics.processError("transition");
        }
    }

    /** A message on {@code choria.machine.watcher.exec.state}. */
    void onExecStateMessage(byte[] body) {
        try {
            MachineEvents.ExecState s = MachineEventReader.execState(body);
            boolean success = "success".equals(s.previousOutcome());
            if (success || "error".equals(s.previousOutcome())) {
                metrics.execOutcome(s.machine(), s.version(), s.watcher(), success, seconds(s.previousRunTimeNanos()));
            }
        } catch (LifecycleException e) {
            badInput.warn("could not process exec watcher event: {}", e.getMessage());
            metrics.processError("exec_watcher");
        }
    }

    /**
     * Nanoseconds as seconds the way Go's {@code time.Duration.Seconds()} computes them (whole
     * seconds plus the fraction), so the runtime sums match the reference's to the last bit.
     */
    static double seconds(long nanos) {
        return (double) (nanos / 1_000_000_000L) + (double) (nanos % 1_000_000_000L) / 1e9;
    }
}
