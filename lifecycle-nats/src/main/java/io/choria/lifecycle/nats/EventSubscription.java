package io.choria.lifecycle.nats;

import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle events arriving on a connection, decoded, filtered and handed to an {@link EventHandler}.
 * A message that does not decode, or a handler that throws, is counted and skipped; neither ends
 * the subscription. It survives broker restarts with the connection. Close it to stop.
 */
public final class EventSubscription implements AutoCloseable {
    /** The subject that carries every lifecycle event. */
    public static final String ALL_EVENTS = LifecycleEvent.SUBJECT_PREFIX + ">";
    /** The JetStream stream Choria Broker keeps recent lifecycle events in (subjects {@code choria.lifecycle.>}). */
    public static final String EVENTS_STREAM = "CHORIA_EVENTS";
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);

    private final EventFilter filter;
    private final EventHandler handler;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    private volatile AutoCloseable source;

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
            dispatcher.subscribe(ALL_EVENTS);
        } catch (IllegalStateException e) {
            throw new LifecycleException("cannot subscribe to " + ALL_EVENTS + ": " + e.getMessage());
        }
        s.awaitRegistered(connection);
        s.source = () -> {
            if (connection.getStatus() != Connection.Status.CLOSED) {
                connection.closeDispatcher(dispatcher);
            }
        };
        return s;
    }

    /**
     * Replays the JetStream stream {@value #EVENTS_STREAM} from {@code since} ago, then goes on
     * with events as the stream receives them.
     *
     * @throws LifecycleException when the stream does not exist or JetStream cannot be reached
     */
    public static EventSubscription replay(Connection connection, Duration since, EventFilter filter,
                                           EventHandler handler) {
        EventSubscription s = new EventSubscription(filter, handler);
        s.source = StreamReplay.start(connection, since, s::handle);
        return s;
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

    /** Decodes, filters and hands on one message; public for callers feeding messages of their own. */
    public void handle(Message message) {
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

    /** Stops receiving; the connection stays open. */
    @Override
    public void close() {
        AutoCloseable s = source;
        source = null;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("closing the subscription: {}", e.toString());
            }
        }
    }
}
