package io.choria.lifecycle;

import io.choria.lifecycle.LifecycleException.Reason;
import java.time.Instant;

/**
 * Configures a new event (the reference's {@code Option}). An option that does not apply to the
 * event's type is an error here; the reference silently ignores it.
 */
@FunctionalInterface
public interface EventOption {

    /**
     * Applies this option.
     *
     * @throws LifecycleException when the option does not apply to the event's type or is invalid
     */
    void applyTo(LifecycleEvent event);

    /** Sets the component, e.g. {@code server}. */
    static EventOption component(String component) {
        return e -> e.setComponent(component);
    }

    /** Sets the identity of the producer. */
    static EventOption identity(String identity) {
        return e -> e.setIdentity(identity);
    }

    /** Sets the version (startup, alive, upgraded). */
    static EventOption version(String version) {
        return e -> {
            if (!(e instanceof VersionedEvent v)) {
                throw notApplicable("version", e, "cannot set version, event does not implement VersionEvent");
            }
            v.setVersion(version);
        };
    }

    /** Sets the new version (upgraded). */
    static EventOption newVersion(String newVersion) {
        return e -> {
            if (!(e instanceof NewVersionEvent v)) {
                throw notApplicable("new version", e, "cannot set new version, event does not implement NewVersionEvent");
            }
            v.setNewVersion(newVersion);
        };
    }

    /** Sets the Governor name (governor). */
    static EventOption governorName(String name) {
        return e -> governed("governor name", e).setGovernor(name);
    }

    /** Sets the slot sequence, unsigned (governor). */
    static EventOption governorSequence(long unsignedSequence) {
        return e -> governed("governor sequence", e).setSequence(unsignedSequence);
    }

    /** Sets the stage (governor). */
    static EventOption governorStage(GovernorStage stage) {
        return e -> governed("governor stage", e).setStage(stage);
    }

    /** Sets the stage from its wire name; anything but enter, exit, timeouts, eviction is {@code invalid stage}. */
    static EventOption governorType(String stage) {
        return e -> governed("governor stage", e).setStage(GovernorStage.fromWireName(stage));
    }

    /** Sets the id instead of a random UUID (to reproduce an event; not in the reference). */
    static EventOption id(String id) {
        return e -> e.setId(id);
    }

    /** Sets the time instead of now (to reproduce an event; not in the reference). */
    static EventOption timestamp(Instant time) {
        return e -> e.setTimestamp(time);
    }

    /**
     * Sets the time as Unix seconds, any int64 as the reference's {@code Timestamp} field holds
     * ({@link Instant} cannot hold all of them; not in the reference).
     */
    static EventOption unixTimestamp(long unixSeconds) {
        return e -> e.setUnixTimestamp(unixSeconds);
    }

    private static GovernorEvent governed(String what, LifecycleEvent e) {
        if (!(e instanceof GovernorEvent g)) {
            throw notApplicable(what, e, "cannot set governor, event is not a Governor event");
        }
        return g;
    }

    private static LifecycleException notApplicable(String what, LifecycleEvent e, String reference) {
        return new LifecycleException(Reason.INVALID_INPUT, reference + ": " + what + " does not apply to " + e.typeName() + " events");
    }
}
