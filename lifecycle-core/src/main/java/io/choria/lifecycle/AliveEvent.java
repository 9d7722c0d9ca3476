package io.choria.lifecycle;

/** {@code io.choria.lifecycle.v1.alive}: a component is still running; carries its version. */
public final class AliveEvent extends LifecycleEvent implements VersionedEvent {
    private String version = "";

    /** A new event with a random id and the current time; see {@link Lifecycle#newEvent}. */
    public AliveEvent() {
        super(EventType.ALIVE);
    }

    AliveEvent(String id, long timestamp) {
        super(EventType.ALIVE, id, timestamp);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void setVersion(String version) {
        this.version = nonNull(version);
    }

    @Override
    public String toString() {
        return super.toString() + " version " + version;
    }

    @Override
    boolean extraFieldsEqual(LifecycleEvent other) {
        return version.equals(((AliveEvent) other).version);
    }
}
