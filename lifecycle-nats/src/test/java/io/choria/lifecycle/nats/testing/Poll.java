package io.choria.lifecycle.nats.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline instead of sleeping a fixed time: the one polling helper
 * of every module's tests. Arguments in the order of JUnit's assertions: timeout, what must hold,
 * then what to say when it did not.
 */
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
            pause(20);
        }
    }

    /** Something to retry until it no longer throws. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    /**
     * Runs {@code attempt} every 20 ms until it returns without an exception, e.g. a request a
     * cluster cannot answer while it elects a leader; fails with {@code what()} and the last
     * exception after {@code timeout}.
     */
    public static void untilSucceeds(Duration timeout, Attempt attempt, Supplier<String> what) {
        Exception[] last = new Exception[1];
        try {
            until(timeout, () -> {
                try {
                    attempt.run();
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                } catch (Exception e) {
                    last[0] = e;
                    return false;
                }
            }, what);
        } catch (AssertionError e) {
            if (last[0] != null) {
                e.addSuppressed(last[0]);
            }
            throw e;
        }
    }

    /** As {@link #until(Duration, BooleanSupplier, Supplier)} with 10 seconds. */
    public static void until(BooleanSupplier condition, Supplier<String> what) {
        until(Duration.ofSeconds(10), condition, what);
    }

    /**
     * Runs {@code check} every 50 ms until it no longer throws an {@link AssertionError}, then
     * returns its value; after {@code timeout} its last failure is thrown.
     */
    public static <T> T untilPasses(Duration timeout, Supplier<T> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return check.get();
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                pause(50);
            }
        }
    }

    /** Sleeps, turning an interrupt into a test failure. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
