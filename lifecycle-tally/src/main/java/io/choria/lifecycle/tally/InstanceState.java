package io.choria.lifecycle.tally;

import java.time.Clock;
import java.time.Instant;

/**
 * Whether this tally instance is active (its series {@code active="1"}) and since when: always
 * without an election, while it leads with one. Read on every metric update, so reading is a
 * volatile load and nothing more.
 */
final class InstanceState {
    private final Clock clock;
    private final String campaign;
    private final Instant started;
    private volatile boolean active;
    private volatile Instant since;

    InstanceState(String campaign, Clock clock) {
        this.clock = clock;
        this.campaign = campaign;
        this.started = clock.instant();
        this.active = campaign == null;
        this.since = started;
    }

    boolean active() {
        return active;
    }

    synchronized void set(boolean nowActive) {
        if (nowActive != active) {
            since = clock.instant();
            active = nowActive;
        }
    }

    /** Since when the instance has been in its current state (the start, until the first change). */
    Instant since() {
        return since;
    }

    Instant started() {
        return started;
    }

    /** The election campaign, or null without an election. */
    String campaign() {
        return campaign;
    }
}
