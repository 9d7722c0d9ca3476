package io.choria.lifecycle;

/** {@code io.choria.lifecycle.v1.upgraded}: a component upgraded from one version to another. */
public final class UpgradedEvent extends LifecycleEvent implements NewVersionEvent {
    private String version = "";
    private String newVersion = "";

    /** A new event with a random id and the current time; see {@link Lifecycle#newEvent}. */
    public UpgradedEvent() {
        super(EventType.UPGRADED);
    }

    UpgradedEvent(String id, long timestamp) {
        super(EventType.UPGRADED, id, timestamp);
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
    public String newVersion() {
        return newVersion;
    }

    @Override
    public void setNewVersion(String newVersion) {
        this.newVersion = nonNull(newVersion);
    }

    @Override
    public String toString() {
        return super.toString() + " version " + version + " to " + newVersion;
    }

    @Override
    boolean extraFieldsEqual(LifecycleEvent other) {
        UpgradedEvent o = (UpgradedEvent) other;
        return version.equals(o.version) && newVersion.equals(o.newVersion);
    }
}
