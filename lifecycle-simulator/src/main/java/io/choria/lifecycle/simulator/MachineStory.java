package io.choria.lifecycle.simulator;

import io.choria.lifecycle.machine.MachineEvents;
import io.choria.lifecycle.machine.MachineEventWriter;

import java.util.Locale;

/**
 * The Choria Scout checks a quarter of the servers run: an Autonomous Agent machine per check
 * whose exec watcher reports each run ({@code choria.machine.watcher.exec.state}) and whose
 * state moves between unknown, ok, warning and critical ({@code choria.machine.transition}).
 * A check runs at each alive beat; the first run after a startup reports the previous outcome
 * {@code unknown}, as a freshly started watcher does.
 */
final class MachineStory {
    /** A Scout check: the machine's name and the command its watcher runs. */
    record Check(String machine, String command) {
    }

    static final Check[] CHECKS = {
        new Check("check_load", "/usr/lib/nagios/plugins/check_load -w 4,3,2 -c 8,6,4"),
        new Check("check_disk", "/usr/lib/nagios/plugins/check_disk -w 10% -c 5% -p /"),
        new Check("check_ntp", "/usr/lib/nagios/plugins/check_ntp_time -H pool.ntp.org"),
    };
    static final String MACHINE_VERSION = "1.0.0";
    static final String WATCHER = "check";
    /** Check states; 0 also means "not run since the node started". */
    private static final String[] STATES = {"unknown", "ok", "warning", "critical", "unknown"};
    private static final double[] RESULT_SHARES = {0.0, 0.90, 0.06, 0.03, 0.01};

    private final Fleet fleet;
    private final FleetWire wire;

    MachineStory(Fleet fleet, FleetWire wire) {
        this.fleet = fleet;
        this.wire = wire;
    }

    boolean runs(int node) {
        return fleet.machine[node] != Fleet.NO_MACHINE && fleet.kind[node] == Fleet.KIND_SERVER;
    }

    /** The node (re)started: its machine starts over in the unknown state. */
    void started(int node) {
        fleet.checkState[node] = 0;
    }

    /** One run of the node's check: the watcher's state, then a transition when the result changes the state. */
    void check(int node, long unixSeconds) {
        NodeRandom random = fleet.random;
        Check check = CHECKS[fleet.machine[node]];
        byte before = fleet.checkState[node];
        String outcome;
        long runNanos;
        if (before == 0) {
            outcome = "unknown";
            runNanos = 0;
        } else {
            outcome = random.uniform(node) < 0.96 ? "success" : "error";
            runNanos = (long) random.between(node, 5e6, 1.5e9);
        }
        MachineEvents.Origin origin = origin(node, check, unixSeconds);
        wire.execState(MachineEventWriter.execState(origin, WATCHER, check.command(), outcome, runNanos), before != 0);
        byte after = result(random.uniform(node));
        fleet.checkState[node] = after;
        if (!STATES[after].equals(STATES[before])) {
            String to = STATES[after];
            wire.transition(MachineEventWriter.transition(origin(node, check, unixSeconds), to.toUpperCase(Locale.ROOT),
                    STATES[before], to));
        }
    }

    private MachineEvents.Origin origin(int node, Check check, long unixSeconds) {
        return new MachineEvents.Origin(fleet.random.uuid(node), fleet.identity(node), instanceId(node),
                check.machine(), MACHINE_VERSION, unixSeconds);
    }

    /** The machine instance's id, the same for the node's whole life. */
    private String instanceId(int node) {
        long h = NodeRandom.mix(fleet.seed ^ NodeRandom.mix(node * 31L + 7));
        return NodeRandom.uuid(h, NodeRandom.mix(h));
    }

    private static byte result(double r) {
        double share = 0;
        for (byte s = 1; s < RESULT_SHARES.length; s++) {
            share += RESULT_SHARES[s];
            if (r < share) {
                return s;
            }
        }
        return (byte) (RESULT_SHARES.length - 1);
    }
}
