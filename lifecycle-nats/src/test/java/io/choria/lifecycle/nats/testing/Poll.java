package io.choria.lifecycle.nats.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline instead of sleeping a fixed time. */
public final class Poll {
    private Poll() {
    }

    /** Polls every 20 ms until {@code condition} holds; fails with {@code what()} after {@code timeout}. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** As {@link #until(Duration, BooleanSupplier, Supplier)} with 10 seconds. */
    public static void until(BooleanSupplier condition, Supplier<String> what) {
        until(Duration.ofSeconds(10), condition, what);
    }
}
