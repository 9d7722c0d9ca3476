package io.choria.lifecycle;

import java.util.Optional;
import io.choria.lifecycle.LifecycleException.Reason;

/** What happened in a governor event (the reference's {@code GovernorEventType}). */
public enum GovernorStage {
    /** A slot was obtained through active campaigning. */
    ENTER("enter"),
    /** A slot was left, not expired or evicted. */
    EXIT("exit"),
    /** A slot could not be obtained in time (the wire string is plural). */
    TIMEOUTS("timeouts"),
    /** A slot was evicted through the admin API. */
    EVICTION("eviction");

    private final String wireName;

    GovernorStage(String wireName) {
        this.wireName = wireName;
    }

    /** The string written as {@code event_type}, e.g. {@code timeouts}. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /**
     * The stage written as {@code name} on the wire.
     *
     * @throws LifecycleException {@code invalid stage} when the name is none of the four
     */
    public static GovernorStage fromWireName(String name) {
        return find(name).orElseThrow(() -> new LifecycleException(Reason.INVALID_INPUT, "invalid stage '" + name
                + "': must be one of enter, exit, timeouts, eviction"));
    }

    /** The stage written as {@code name}; empty when the name is none of the four. */
    public static Optional<GovernorStage> find(String name) {
        for (GovernorStage s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
