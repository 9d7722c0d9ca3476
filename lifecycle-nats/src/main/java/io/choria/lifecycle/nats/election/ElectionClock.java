package io.choria.lifecycle.nats.election;

import java.time.Duration;

/**
 * The time an election campaign reads and waits on: the process's by default; a test gives a
 * campaign its own, so that splay and back-off do not wait on the wall clock.
 */
public interface ElectionClock {
    /** The system's: {@link System#nanoTime()} and {@link Thread#sleep}. */
    ElectionClock SYSTEM = new ElectionClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(Math.max(0, d.toMillis()));
        }
    };

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code d}; an interrupt ends the wait. */
    void sleep(Duration d) throws InterruptedException;
}
