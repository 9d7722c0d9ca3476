package io.choria.lifecycle.simulator;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.time.Clock;

/**
 * What each node does, one action at a time. Nodes start within the splay (provisioning-mode
 * servers get provisioned and restart as {@code server}), then beat {@code alive} every interval.
 * After a beat a node may upgrade ({@code upgraded}, then a startup with the new version), restart
 * (shutdown, back a while later), or take a Governor slot (enter, exit); servers with a Scout check
 * run it at each beat ({@link MachineStory}).
 *
 * <p>Every choice comes from the node's own random stream and every next action is due a delay
 * after the previous one was due (never after when it actually ran), so the schedule in simulated
 * time, and with it each node's sequence of events, is fixed by the seed.
 */
final class FleetStory {
    static final byte STARTUP = 0;
    static final byte ALIVE = 1;
    static final byte UPGRADE = 2;
    static final byte SHUTDOWN = 3;
    static final byte GOVERNOR_ENTER = 4;
    static final byte GOVERNOR_EXIT = 5;
    static final byte PROVISION = 6;

    private static final String[] GOVERNORS = {"PUPPET", "DEPLOY"};

    private final Fleet fleet;
    private final FleetWire wire;
    private final MachineStory machines;
    private final double interval;
    private final Clock clock;
    /** The last slot sequence handed out per governor, as the governor's key-value revision. */
    private final long[] governorRevisions = new long[GOVERNORS.length];

    FleetStory(Fleet fleet, FleetWire wire, long aliveIntervalMillis, Clock clock) {
        this.fleet = fleet;
        this.wire = wire;
        this.machines = new MachineStory(fleet, wire);
        this.interval = aliveIntervalMillis;
        this.clock = clock;
    }

    /** Every node starts with its startup, somewhere within the splay; returns when it is due. */
    long firstDue(int node, long splayMillis) {
        fleet.next[node] = STARTUP;
        return (long) (fleet.random.uniform(node) * splayMillis);
    }

    /** Plays the node's action that was due at {@code due}; returns when its next action is due. */
    long act(int node, long due) {
        NodeRandom random = fleet.random;
        switch (fleet.next[node]) {
            case STARTUP -> {
                send(node, EventType.STARTUP, EventOption.version(fleet.versionName(node)));
                machines.started(node);
                boolean provisioning = fleet.kind[node] == Fleet.KIND_PROVISIONING;
                return then(node, provisioning ? PROVISION : ALIVE, due, provisioning ? 0.2 : 0.3, provisioning ? 0.6 : 1.0);
            }
            case ALIVE -> {
                send(node, EventType.ALIVE, EventOption.version(fleet.versionName(node)));
                if (machines.runs(node)) {
                    machines.check(node, clock.instant().getEpochSecond());
                }
                double r = random.uniform(node);
                byte next = r < 0.03 && fleet.hasNewerVersion(node) ? UPGRADE
                        : r < 0.05 ? SHUTDOWN : r < 0.09 ? GOVERNOR_ENTER : ALIVE;
                return next == ALIVE ? then(node, ALIVE, due, 1.0, 1.0) : then(node, next, due, 0.1, 0.9);
            }
            case UPGRADE -> {
                String from = fleet.versionName(node);
                fleet.version[node]++;
                send(node, EventType.UPGRADED, EventOption.version(from), EventOption.newVersion(fleet.versionName(node)));
                return then(node, STARTUP, due, 0.02, 0.1);
            }
            case SHUTDOWN -> {
                send(node, EventType.SHUTDOWN);
                return then(node, STARTUP, due, 0.2, 1.0);
            }
            case GOVERNOR_ENTER -> {
                int g = random.uniform(node) < 0.75 ? 0 : 1;
                fleet.governorSequence[node] = (long) g << 48 | ++governorRevisions[g];
                governor(node, GovernorStage.ENTER);
                return then(node, GOVERNOR_EXIT, due, 0.02, 0.1);
            }
            case GOVERNOR_EXIT -> {
                governor(node, GovernorStage.EXIT);
                return then(node, ALIVE, due, 0.1, 0.5);
            }
            case PROVISION -> {
                send(node, EventType.PROVISIONED);
                send(node, EventType.SHUTDOWN);
                fleet.kind[node] = Fleet.KIND_SERVER;
                return then(node, STARTUP, due, 0.05, 0.2);
            }
            default -> throw new IllegalStateException("node " + node + " has no next action " + fleet.next[node]);
        }
    }

    /** Schedules {@code action} a random share in [from, to] of the alive interval after {@code due}. */
    private long then(int node, byte action, long due, double from, double to) {
        fleet.next[node] = action;
        double share = from == to ? from : fleet.random.between(node, from, to);
        return due + Math.max(1, (long) (interval * share));
    }

    /** The governor and slot (kept from the enter) of the node's governor event. */
    private void governor(int node, GovernorStage stage) {
        long slot = fleet.governorSequence[node];
        send(node, EventType.GOVERNOR, EventOption.governorName(GOVERNORS[(int) (slot >>> 48)]),
                EventOption.governorSequence(slot & 0xFFFFFFFFFFFFL), EventOption.governorStage(stage));
    }

    private void send(int node, EventType type, EventOption... options) {
        LifecycleEvent event = Lifecycle.newEvent(type, options);
        event.setId(fleet.random.uuid(node));
        event.setComponent(fleet.component(node));
        event.setIdentity(fleet.identity(node));
        event.setTimestamp(clock.instant());
        wire.lifecycle(node, event);
    }
}
