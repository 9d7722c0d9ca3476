package io.choria.lifecycle;

/** {@code io.choria.lifecycle.v1.provisioned}: a node finished provisioning. */
public final class ProvisionedEvent extends LifecycleEvent {
    /** A new event with a random id and the current time; see {@link Lifecycle#newEvent}. */
    public ProvisionedEvent() {
        super(EventType.PROVISIONED);
    }

    ProvisionedEvent(String id, long timestamp) {
        super(EventType.PROVISIONED, id, timestamp);
    }

    @Override
    boolean extraFieldsEqual(LifecycleEvent other) {
        return true;
    }
}
