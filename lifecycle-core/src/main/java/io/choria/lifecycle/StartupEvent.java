package io.choria.lifecycle;

/** {@code io.choria.lifecycle.v1.startup}: a component started; carries its version. */
public final class StartupEvent extends LifecycleEvent implements VersionedEvent {
    private String version = "";

    /** A new event with a random id and the current time; see {@link Lifecycle#newEvent}. */
    public StartupEvent() {
        super(EventType.STARTUP);
    }

    StartupEvent(String id, long timestamp) {
        super(EventType.STARTUP, id, timestamp);
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
        return version.equals(((StartupEvent) other).version);
    }
}
