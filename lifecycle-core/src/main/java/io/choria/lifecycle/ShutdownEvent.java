package io.choria.lifecycle;

/** {@code io.choria.lifecycle.v1.shutdown}: a component is stopping. */
public final class ShutdownEvent extends LifecycleEvent {
    /** A new event with a random id and the current time; see {@link Lifecycle#newEvent}. */
    public ShutdownEvent() {
        super(EventType.SHUTDOWN);
    }

    ShutdownEvent(String id, long timestamp) {
        super(EventType.SHUTDOWN, id, timestamp);
    }

    @Override
    boolean extraFieldsEqual(LifecycleEvent other) {
        return true;
    }
}
