package io.choria.lifecycle.machine;

/**
 * The events Choria Autonomous Agent machines publish beside the lifecycle events, as CloudEvents
 * 1.0 on their own subjects: a machine's state transitions and its exec watchers' runs (the
 * schemas of {@code choria/machine} in choria-io/schemas). The one place their subjects and
 * protocol names are written: the simulator writes them ({@link MachineEventWriter}), the tally
 * reads them ({@link MachineEventReader}).
 */
public final class MachineEvents {
    /** Where machine state transitions are published. */
    public static final String TRANSITION_SUBJECT = "choria.machine.transition";
    /** Where exec watcher states are published. */
    public static final String EXEC_STATE_SUBJECT = "choria.machine.watcher.exec.state";
    /** The CloudEvent type and {@code data.protocol} of a transition. */
    public static final String TRANSITION_PROTOCOL = "io.choria.machine.v1.transition";
    /** The CloudEvent type and {@code data.protocol} of an exec watcher state. */
    public static final String EXEC_STATE_PROTOCOL = "io.choria.machine.watcher.exec.v1.state";
    /** The CloudEvent source of both. */
    public static final String SOURCE = "io.choria.machine";

    private MachineEvents() {
    }

    /**
     * Who sent a machine event: the CloudEvent id, the node, the machine instance and its version,
     * when (Unix seconds).
     */
    public record Origin(String eventId, String identity, String instanceId, String machine, String version,
                         long unixSeconds) {
    }

    /** A machine's transition from one state to another, as the tally counts it. */
    public record Transition(String machine, String version, String transition, String from, String to) {
    }

    /** An exec watcher's last run: its outcome and run time in nanoseconds. */
    public record ExecState(String machine, String version, String watcher, String previousOutcome,
                            long previousRunTimeNanos) {
    }
}
