package io.choria.lifecycle.simulator;

import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.VersionedEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a tally with an unlimited window would count from the lifecycle events the simulator
 * has sent: only events the connection accepted are recorded, by the tally's rules
 * (docs/protocol.md, "What the tally does with them"): startup and alive record the
 * (component, identity) with the version, shutdown forgets it, every other type changes
 * nothing. A node has at most two such keys, its own component and
 * {@code provision_mode_server}, so the truth is two bytes per node.
 */
final class FleetTruth {
    private final Fleet fleet;
    /** Version index + 1 recorded for (server or broker, identity); 0 when none. */
    private final byte[] main;
    /** Version index + 1 recorded for (provision_mode_server, identity); 0 when none. */
    private final byte[] provisioning;
    private volatile int keys;

    FleetTruth(Fleet fleet) {
        this.fleet = fleet;
        this.main = new byte[fleet.size];
        this.provisioning = new byte[fleet.size];
    }

    /** A lifecycle event of {@code node} the connection accepted. */
    synchronized void recordSent(int node, LifecycleEvent event) {
        String component = event.component();
        byte[] slot = Fleet.PROVISIONING.equals(component) ? provisioning : main;
        if (slot == main && !component.equals(mainComponent(node))) {
            throw new IllegalStateException("node " + node + " sent as " + component + ", it is a " + mainComponent(node));
        }
        byte before = slot[node];
        switch (event.type()) {
            case STARTUP, ALIVE -> slot[node] = (byte) (versionIndex(((VersionedEvent) event).version()) + 1);
            case SHUTDOWN -> slot[node] = 0;
            default -> {
                return;
            }
        }
        if (before == 0 && slot[node] != 0) {
            keys++;
        } else if (before != 0 && slot[node] == 0) {
            keys--;
        }
    }

    /** How many (component, identity) keys the tally would hold now. */
    int liveNodes() {
        return keys;
    }

    /** component → version → live nodes, sorted, without empty entries. */
    synchronized Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (int n = 0; n < fleet.size; n++) {
            count(out, mainComponent(n), main[n]);
            count(out, Fleet.PROVISIONING, provisioning[n]);
        }
        return out;
    }

    private static void count(Map<String, Map<String, Long>> out, String component, byte recorded) {
        if (recorded != 0) {
            out.computeIfAbsent(component, c -> new TreeMap<>()).merge(Fleet.VERSIONS[recorded - 1], 1L, Long::sum);
        }
    }

    private static int versionIndex(String version) {
        for (int i = 0; i < Fleet.VERSIONS.length; i++) {
            if (Fleet.VERSIONS[i].equals(version)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a simulated version: " + version);
    }

    /** The component a node has once provisioned: its own key besides provision_mode_server. */
    private String mainComponent(int n) {
        return fleet.kind[n] == Fleet.KIND_BROKER ? Fleet.BROKER : Fleet.SERVER;
    }
}
