package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers pre-encoded lifecycle events at a steady rate: alive (nine in ten) and startup events of
 * {@value #NODES} distinct nodes on five versions, in the CloudEvents format Choria servers send,
 * each on its own subject. Encoding is done once up front, so the rate is the broker's and the
 * receiver's to keep, not the encoder's.
 */
final class SteadyPublisher {
    static final int NODES = 100_000;
    private static final String[] VERSIONS = {"0.29.4", "0.30.0", "0.30.1", "0.31.0", "0.31.2"};
    /** Granularity of the pacing: the rate is kept over every fifth of a millisecond. */
    private static final long SLICE_NANOS = 200_000;

    private final Connection connection;
    private final String[] subjects = new String[NODES];
    private final byte[][] bodies = new byte[NODES][];
    private final Source source;
    private int next;
    private byte[] pending;

    /** Events made as they are sent, instead of the {@value #NODES} made up front ({@link DistinctEvents}). */
    interface Source {
        /** The body of the {@code i}-th event offered. */
        byte[] next(long i);

        /** The subject of the event {@link #next} made last. */
        String subject();
    }

    /** What one offer achieved. */
    record Offer(long sent, long nanos) {
        double rate() {
            return sent * 1e9 / nanos;
        }
    }

    /** Publishes what {@code source} makes, one event at a time. */
    SteadyPublisher(Connection connection, Source source) {
        this.connection = connection;
        this.source = source;
    }

    SteadyPublisher(Connection connection) {
        this.connection = connection;
        this.source = null;
        for (int i = 0; i < NODES; i++) {
            EventType type = i % 10 == 0 ? EventType.STARTUP : EventType.ALIVE;
            LifecycleEvent e = Lifecycle.newEvent(type, EventOption.component("server"),
                    EventOption.identity(String.format("node-%06d.bench.example.net", i)),
                    EventOption.version(VERSIONS[i % VERSIONS.length]));
            e.setFormat(WireFormat.CLOUDEVENT_V1);
            subjects[i] = e.target();
            bodies[i] = Lifecycle.toJson(e);
        }
    }

    /**
     * Publishes one event; false when jnats' outgoing queue is full (it refuses rather than waits
     * when the broker reads slowly), after a short pause.
     */
    private boolean publish(String subject, byte[] body) {
        try {
            connection.publish(subject, body);
            return true;
        } catch (IllegalStateException queueFull) {
            if (connection.getStatus() == Connection.Status.CLOSED) {
                throw queueFull;
            }
            LockSupport.parkNanos(SLICE_NANOS);
            return false;
        }
    }

    /** The mean size of the events offered, in bytes. */
    long meanEventBytes() {
        long total = 0;
        for (byte[] b : bodies) {
            total += b.length;
        }
        return total / NODES;
    }

    /**
     * Publishes {@code count} events at {@code rate} a second (0: as fast as it can), then waits
     * until the broker has them all.
     */
    Offer offer(long count, long rate) {
        long start = System.nanoTime();
        long sent = 0;
        while (sent < count) {
            long due = rate <= 0 ? count : Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (sent < due) {
                byte[] body = source == null ? bodies[next] : pending != null ? pending : source.next(sent);
                if (!publish(source == null ? subjects[next] : source.subject(), body)) {
                    pending = source == null ? null : body; // sent again, not made anew, once the queue drained
                    break; // the client's queue is full: let it drain, then go on where this stopped
                }
                pending = null;
                next = next + 1 == NODES ? 0 : next + 1;
                sent++;
            }
            if (sent < count) {
                LockSupport.parkNanos(SLICE_NANOS);
            }
        }
        long published = System.nanoTime();
        try {
            connection.flush(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not confirm the events within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        return new Offer(sent, published - start);
    }
}
