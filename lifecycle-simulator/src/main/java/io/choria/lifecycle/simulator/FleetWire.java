package io.choria.lifecycle.simulator;

import io.choria.lifecycle.LifecycleEvent;

/** Where the story's events go; each method says whether the connection accepted the event. */
interface FleetWire {
    /** A lifecycle event of {@code node}, written in the node's wire format. */
    boolean lifecycle(int node, LifecycleEvent event);

    /** A machine transition CloudEvent. */
    boolean transition(byte[] body);

    /**
     * An exec watcher state CloudEvent; {@code outcome} when its previous outcome is
     * {@code success} or {@code error}, the ones a tally counts.
     */
    boolean execState(byte[] body, boolean outcome);
}
