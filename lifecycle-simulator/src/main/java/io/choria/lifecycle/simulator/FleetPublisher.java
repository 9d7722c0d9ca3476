package io.choria.lifecycle.simulator;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the simulator's messages without losing any to a full buffer: jnats queues each
 * publish and blocks while its outgoing queue is full (the back-pressure that paces the
 * simulator to the broker); a publish it refuses (queue still full after its push timeout,
 * reconnect buffer full) is counted and retried with back-off, the same message, until it is
 * taken or the simulator stops. A flush (a round trip to the broker) every second bounds what is
 * in flight and shows when the broker stops answering.
 */
final class FleetPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(FleetPublisher.class);
    private static final long FLUSH_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;
    private final BooleanSupplier stopping;
    private final LongAdder failures = new LongAdder();
    private final LongAdder flushTimeouts = new LongAdder();
    private volatile String lastFailure;
    private long lastFlush = System.nanoTime();

    FleetPublisher(Connection connection, BooleanSupplier stopping) {
        this.connection = connection;
        this.stopping = stopping;
    }

    /** Publishes, retrying refused publishes; false only when stopping or the connection is closed first. */
    boolean publish(String subject, byte[] body) {
        long backOff = 10;
        while (true) {
            try {
                connection.publish(subject, body);
                return true;
            } catch (IllegalStateException e) {
                failures.increment();
                if (lastFailure == null || !lastFailure.equals(e.getMessage())) {
                    LOG.warn("publish refused, retrying: {}", e.getMessage());
                }
                lastFailure = e.getMessage();
                if (stopping.getAsBoolean() || connection.getStatus() == Connection.Status.CLOSED || !sleep(backOff)) {
                    return false;
                }
                backOff = Math.min(backOff * 2, 1000);
            }
        }
    }

    /** Flushes when the last flush is a second old. */
    void tick() {
        if (System.nanoTime() - lastFlush >= FLUSH_EVERY_NANOS) {
            flush(FLUSH_TIMEOUT);
        }
    }

    /** Waits until the broker has everything published so far; false when it did not answer in time. */
    boolean flush(Duration timeout) {
        lastFlush = System.nanoTime();
        try {
            connection.flush(timeout);
            return true;
        } catch (TimeoutException | IllegalStateException e) {
            flushTimeouts.increment();
            LOG.warn("the broker did not confirm the events sent within {} ms", timeout.toMillis());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Publishes jnats refused (each then retried). */
    long failures() {
        return failures.sum();
    }

    /** Flushes the broker did not confirm in time. */
    long flushTimeouts() {
        return flushTimeouts.sum();
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
