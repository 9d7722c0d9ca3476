package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one reader of the JetStream stream {@value #NAME} that Choria Broker keeps lifecycle events
 * in: the tally's warm start and stream mode and {@code view --since} all read it this way.
 *
 * <p>An ordered pull consumer from a point in time: the broker sends only what was asked for, so
 * a burst makes the reader lag instead of lose (flow control), and after a broker restart jnats
 * recreates the consumer from the last sequence delivered, so reading resumes where it was. Each
 * message is handed on with whether it was stored after reading began ("live") or was already
 * in the stream; {@link #awaitCaughtUp} tells when everything that was there has been read.
 * Should jnats not manage to recreate the consumer, the reader replaces it
 * ({@link ResumingConsumer}); each message is handed on once, in order, whichever consumer brings it.
 */
public final class EventStream implements AutoCloseable {
    /** The stream's name; its subjects are {@code choria.lifecycle.>}. */
    public static final String NAME = "CHORIA_EVENTS";
    private static final int STREAM_NOT_FOUND = 10059;
    /**
     * Big pulls for throughput (a warm start reads a million events; 16,384 read 10% faster than
     * 4,096 here, about 8 MB of messages in flight), expiring every 5 s so that
     * heartbeats come every 2.5 s: a restarted broker forgets the ordered consumer, and jnats
     * recreates it only after missed heartbeats (with its default 30 s pulls, a minute or more).
     */
    private static final ConsumeOptions PULLS = ConsumeOptions.builder().batchSize(16_384).expiresIn(5_000).build();

    /** What reading the stream hands on, one message at a time on one thread. */
    @FunctionalInterface
    public interface Handler {
        /** {@code live}: stored after reading began, rather than already in the stream. */
        void onMessage(Message message, boolean live);
    }

    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final long lastStoredAtStart;
    private final Handler handler;
    /** Held while a message is handed on. */
    private final ReentrantLock handing = new ReentrantLock();
    /** The stream sequence of the last message handed on (guarded by {@link #handing}). */
    private long lastHandedOn;
    private volatile ResumingConsumer consumer;

    private EventStream(long lastStoredAtStart, Handler handler) {
        this.lastStoredAtStart = lastStoredAtStart;
        this.handler = handler;
    }

    /** Whether the stream is there to read; false also when the broker runs no JetStream. */
    public static boolean exists(Connection connection) {
        try {
            return info(connection) != null;
        } catch (NoJetStream e) {
            return false;
        }
    }

    /**
     * Reads the events on {@code subject} (a lifecycle subject, wildcards allowed) stored since
     * {@code from}, then goes on with new ones until closed.
     *
     * @throws LifecycleException when the stream does not exist, JetStream cannot be reached, or
     *         the broker refuses the consumer
     */
    public static EventStream read(Connection connection, String subject, Instant from, Handler handler) {
        StreamInfo info;
        try {
            info = info(connection);
        } catch (NoJetStream e) {
            throw new LifecycleException(Reason.STREAM_MISSING, ServerUrls.connectedServer(connection) + " does not run JetStream,"
                    + " so it keeps no " + NAME + " stream");
        }
        if (info == null) {
            throw new LifecycleException(Reason.STREAM_MISSING, "the JetStream stream " + NAME + " does not exist on "
                    + ServerUrls.connectedServer(connection));
        }
        EventStream stream = new EventStream(info.getStreamState().getLastSequence(), handler);
        try {
            OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                    .deliverPolicy(DeliverPolicy.ByStartTime).startTime(from.atZone(ZoneOffset.UTC));
            stream.consumer = ResumingConsumer.start(connection, NAME, subject, config, PULLS, stream::handOn,
                    stream::lastHandedOn);
        } catch (JetStreamApiException e) {
            throw new LifecycleException(Reason.REFUSED, "cannot read " + NAME + ": " + e.getErrorDescription());
        } catch (IOException e) { // no answer to a JetStream request
            throw new LifecycleException(Reason.TIMED_OUT, "cannot read " + NAME + " from " + ServerUrls.connectedServer(connection)
                    + ": " + e.getMessage());
        } catch (RuntimeException e) { // e.g. the connection closed meanwhile
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot read " + NAME + " from "
                    + ServerUrls.connectedServer(connection) + ": " + e.getMessage());
        }
        stream.checkForNothingToRead();
        return stream;
    }

    /**
     * When nothing stored since the start matches, no message will ever say "nothing pending":
     * the consumer then has none pending and has delivered none.
     */
    private void checkForNothingToRead() {
        try {
            ConsumerInfo info = consumer.info();
            if (info.getNumPending() == 0 && info.getDelivered().getConsumerSequence() == 0) {
                caughtUp.countDown();
            }
        } catch (IOException | JetStreamApiException e) {
            // then the first message's pending count will tell
        }
    }

    /** Hands a message on unless it was already (a consumer being replaced may still bring some). */
    private void handOn(Message m) {
        long sequence = m.metaData().streamSequence();
        handing.lock();
        try {
            if (sequence <= lastHandedOn) {
                return;
            }
            lastHandedOn = sequence;
            handler.onMessage(m, sequence > lastStoredAtStart);
        } finally {
            handing.unlock();
            if (m.metaData().pendingCount() == 0) {
                caughtUp.countDown();
            }
        }
    }

    /** The stream sequence of the last message handed on, or -1 while one is being handed on. */
    private long lastHandedOn() {
        if (!handing.tryLock()) {
            return -1;
        }
        try {
            return lastHandedOn;
        } finally {
            handing.unlock();
        }
    }

    /**
     * Waits until every message stored when reading began has been handed on; false on timeout.
     *
     * @throws LifecycleException ({@code INTERRUPTED}, the thread's interrupt flag set again) when interrupted
     */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException(Reason.INTERRUPTED, "interrupted while reading stream " + NAME);
        }
    }

    /** Stops reading; the connection stays open. */
    @Override
    public void close() {
        ResumingConsumer c = consumer;
        if (c != null) {
            c.close();
        }
    }

    /**
     * The stream's description, or null when the broker has no such stream.
     *
     * @throws NoJetStream when the broker does not answer JetStream requests at all
     */
    private static StreamInfo info(Connection connection) {
        try {
            return connection.jetStreamManagement().getStreamInfo(NAME);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND || e.getErrorCode() == 404) {
                return null;
            }
            if (e.getErrorCode() == 503) {
                throw new NoJetStream();
            }
            throw new LifecycleException(Reason.REFUSED, "cannot look up the JetStream stream " + NAME + ": " + e.getErrorDescription());
        } catch (IOException e) {
            throw new NoJetStream(); // a timeout or "no responders"
        }
    }

    /** The broker runs no JetStream. */
    private static final class NoJetStream extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoJetStream() {
            super(null, null, false, false);
        }
    }
}
