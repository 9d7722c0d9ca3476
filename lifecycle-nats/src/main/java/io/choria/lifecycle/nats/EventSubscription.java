package io.choria.lifecycle.nats;

import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle events arriving on a connection, decoded, filtered and handed to an {@link EventHandler}.
 * A message that does not decode, or a handler that throws, is counted and skipped; neither ends
 * the subscription. It survives broker restarts with the connection. Close it to stop.
 *
 * <p>Two sources: live core NATS messages ({@link #subscribe}), which the client library drops
 * when the handler falls behind by more than {@link #PENDING_MESSAGES} messages or
 * {@link #PENDING_BYTES} bytes (counted in {@link #dropped()}); or the broker's
 * {@value EventStream#NAME} stream ({@link #fromStream}, {@link #replay}), where a handler
 * that falls behind makes the reading lag and nothing is lost.
 */
public final class EventSubscription implements AutoCloseable {
    /** The subject that carries every lifecycle event. */
    public static final String ALL_EVENTS = LifecycleEvent.SUBJECT_PREFIX + ">";
    /**
     * Live messages a subscription holds while its handler is busy: about ten seconds of a
     * 50,000-node fleet announcing itself at once after a broker restart. Beyond either limit
     * jnats drops messages (and we count them); with 400-byte CloudEvents the byte limit comes
     * first, at about 160,000 messages, 100 MB of heap with their overhead.
     */
    public static final int PENDING_MESSAGES = 500_000;
    /** Live message bytes a subscription holds while its handler is busy (see {@link #PENDING_MESSAGES}). */
    public static final long PENDING_BYTES = 64L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);

    private final EventFilter filter;
    private final EventHandler handler;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    /** What to close: set once when subscribed, taken once by the first {@link #close()}. */
    private final AtomicReference<AutoCloseable> closing = new AtomicReference<>();
    private volatile Dispatcher dispatcher;

    private EventSubscription(EventFilter filter, EventHandler handler) {
        this.filter = filter == null ? EventFilter.ALL : filter;
        this.handler = handler;
    }

    /**
     * Subscribes to {@value #ALL_EVENTS} for live events that pass {@code filter}.
     *
     * @throws LifecycleException when the connection is closed
     */
    public static EventSubscription subscribe(Connection connection, EventFilter filter, EventHandler handler) {
        EventSubscription s = new EventSubscription(filter, handler);
        Dispatcher dispatcher;
        try {
            dispatcher = connection.createDispatcher(s::handle);
            dispatcher.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
            dispatcher.subscribe(ALL_EVENTS);
        } catch (IllegalStateException e) {
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot subscribe to " + ALL_EVENTS + ": " + e.getMessage());
        }
        s.awaitRegistered(connection);
        s.dispatcher = dispatcher;
        s.closing.set(() -> {
            if (connection.getStatus() != Connection.Status.CLOSED) {
                connection.closeDispatcher(dispatcher);
            }
        });
        return s;
    }

    /**
     * Reads lifecycle events from the broker's {@value EventStream#NAME} stream, those stored
     * since {@code from} first, then new ones as the stream stores them: a handler that falls
     * behind makes the reading lag, and nothing is lost.
     *
     * @throws LifecycleException when the stream does not exist or JetStream cannot be reached
     */
    public static EventSubscription fromStream(Connection connection, Instant from, EventFilter filter,
                                               EventHandler handler) {
        EventSubscription s = new EventSubscription(filter, handler);
        s.closing.set(EventStream.read(connection, ALL_EVENTS, from, (m, live) -> s.handle(m)));
        return s;
    }

    /**
     * Replays the broker's {@value EventStream#NAME} stream from {@code since} ago, then goes on
     * with events as the stream stores them ({@link #fromStream}).
     *
     * @throws LifecycleException when the period is not positive, or as {@link #fromStream}
     */
    public static EventSubscription replay(Connection connection, Duration since, EventFilter filter,
                                           EventHandler handler) {
        if (since.isNegative() || since.isZero()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "the replay period must be positive, not " + since);
        }
        return fromStream(connection, Instant.now().minus(since), filter, handler);
    }

    /** Waits briefly for the broker to take the subscription, so events published right after are seen. */
    private void awaitRegistered(Connection connection) {
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
            LOG.debug("the broker has not confirmed the subscription yet: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Decodes, filters and hands on one message. */
    void handle(Message message) {
        received.incrementAndGet();
        byte[] body = message.getData() == null ? new byte[0] : message.getData();
        LifecycleEvent event;
        try {
            event = Lifecycle.fromJson(body);
        } catch (EventDecodeException e) {
            undecodable.incrementAndGet();
            LOG.debug("skipped a message on {} that is not a lifecycle event: {}", message.getSubject(), e.getMessage());
            return;
        }
        if (!filter.matches(event)) {
            return;
        }
        try {
            handler.onEvent(new ReceivedEvent(event, message.getSubject(), body,
                    message.isJetStream() ? message.metaData().timestamp().toInstant() : null));
            delivered.incrementAndGet();
        } catch (RuntimeException e) {
            handlerFailures.incrementAndGet();
            LOG.warn("event handler failed on {}: {}", message.getSubject(), e.toString());
        }
    }

    /** Messages received, decodable or not. */
    public long received() {
        return received.get();
    }

    /** Events handed to the handler. */
    public long delivered() {
        return delivered.get();
    }

    /** Messages skipped because they are not lifecycle events. */
    public long undecodable() {
        return undecodable.get();
    }

    /** Events whose handler threw. */
    public long handlerFailures() {
        return handlerFailures.get();
    }

    /** Whether more live messages wait for the handler (never known for a stream: false). */
    public boolean morePending() {
        Dispatcher d = dispatcher;
        return d != null && d.getPendingMessageCount() > 0;
    }

    /** Live messages the client library dropped because the handler fell behind; 0 when reading a stream. */
    public long dropped() {
        Dispatcher d = dispatcher;
        return d == null ? 0 : d.getDroppedCount();
    }

    /** Stops receiving; the connection stays open. */
    @Override
    public void close() {
        AutoCloseable s = closing.getAndSet(null);
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("closing the subscription: {}", e.toString());
            }
        }
    }
}
