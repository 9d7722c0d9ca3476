package io.choria.lifecycle.simulator;

import io.choria.lifecycle.machine.MachineEvents;

import io.choria.lifecycle.LifecycleEvent;
import java.util.concurrent.atomic.LongAdder;

/** The story's events onto NATS: each lifecycle event in its node's format; what was taken is counted and becomes truth. */
final class PublishingWire implements FleetWire {
    private final Fleet fleet;
    private final FleetPublisher publisher;
    private final FleetTruth truth;
    final LongAdder lifecycle = new LongAdder();
    final LongAdder transitions = new LongAdder();
    final LongAdder execStates = new LongAdder();
    final LongAdder execOutcomes = new LongAdder();

    PublishingWire(Fleet fleet, FleetPublisher publisher, FleetTruth truth) {
        this.fleet = fleet;
        this.publisher = publisher;
        this.truth = truth;
    }

    @Override
    public boolean lifecycle(int node, LifecycleEvent event) {
        if (!publisher.publish(event.target(), NodeFormats.encode(event, fleet.format[node]))) {
            return false;
        }
        truth.recordSent(node, event);
        lifecycle.increment();
        return true;
    }

    @Override
    public boolean transition(byte[] body) {
        if (!publisher.publish(MachineEvents.TRANSITION_SUBJECT, body)) {
            return false;
        }
        transitions.increment();
        return true;
    }

    @Override
    public boolean execState(byte[] body, boolean outcome) {
        if (!publisher.publish(MachineEvents.EXEC_STATE_SUBJECT, body)) {
            return false;
        }
        execStates.increment();
        if (outcome) {
            execOutcomes.increment();
        }
        return true;
    }
}
