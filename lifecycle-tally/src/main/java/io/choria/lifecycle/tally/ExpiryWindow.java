package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.GoDuration;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a node may stay silent before it is forgotten ({@link #length()}), and the timing
 * derived from it.
 *
 * <p>A node is forgotten no later than {@link #maxDelay()} = min(1 minute, window/10) after its
 * window passed. That budget is split between the clock resolution of "last seen" (a tenth of
 * it), the width of an expiry bucket (a fifth) and the sweep interval (a quarter), leaving
 * room for the sweep itself.
 */
record ExpiryWindow(Duration length) {
    /** Shortest window accepted; shorter ones are only useful in tests and still work there. */
    static final Duration MINIMUM = Duration.ofSeconds(1);
    /** Longest window accepted: the expiry ring holds one small bucket per fifth of a delay. */
    static final Duration MAXIMUM = Duration.ofDays(30);
    /** The reference's window: two missed 30-minute alive beats and some slack. */
    static final ExpiryWindow DEFAULT = new ExpiryWindow(Duration.ofMinutes(80));

    ExpiryWindow {
        Objects.requireNonNull(length, "length");
        if (length.compareTo(MINIMUM) < 0 || length.compareTo(MAXIMUM) > 0) {
            throw new LifecycleException(Reason.INVALID_INPUT, "expire-after must be between 1s and 720h, got " + GoDuration.format(length));
        }
    }

    static ExpiryWindow of(Duration length) {
        return new ExpiryWindow(length);
    }

    /** The longest a node outlives its window: min(1 minute, window/10). */
    Duration maxDelay() {
        Duration tenth = length.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }

    /** Resolution of "last seen" in the node table, in milliseconds. */
    long tickMillis() {
        return Math.max(1, maxDelay().toMillis() / 10);
    }

    /** Width of one expiry bucket, in ticks. */
    int bucketTicks() {
        return 2;
    }

    /** How often the sweeper looks for expired nodes. */
    Duration sweepInterval() {
        return Duration.ofMillis(Math.max(1, maxDelay().toMillis() / 4));
    }
}
