package io.choria.lifecycle.nats;

import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Publishes events to {@code choria.lifecycle.event.<type>.<component>} in their own format (the reference's {@code PublishEvent}). */
public final class EventPublisher {
    private EventPublisher() {
    }

    /**
     * Queues the event for publishing; jnats sends it soon, and holds it while reconnecting.
     *
     * @throws LifecycleException when the event is incomplete (no component), its subject is not valid
     *     (e.g. whitespace in the component) or the connection is closed
     */
    public static void publish(Connection connection, LifecycleEvent event) {
        String subject = event.target();
        byte[] body = Lifecycle.toJson(event);
        try {
            connection.publish(subject, body);
        } catch (IllegalStateException e) { // the connection is closed
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot publish " + event.typeName() + " event: " + e.getMessage());
        } catch (IllegalArgumentException e) { // jnats refuses the subject, e.g. a component with a space
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot publish " + event.typeName() + " event to '" + subject + "': "
                    + e.getMessage());
        }
    }

    /**
     * Publishes the event and waits until the broker has it (a flush round trip).
     *
     * @throws LifecycleException when the broker did not confirm within {@code timeout}
     */
    public static void publishAndWait(Connection connection, LifecycleEvent event, Duration timeout) {
        publish(connection, event);
        try {
            connection.flush(timeout);
        } catch (TimeoutException e) {
            throw new LifecycleException(Reason.TIMED_OUT, "the broker did not confirm the " + event.typeName() + " event within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException(Reason.INTERRUPTED, "interrupted while publishing the " + event.typeName() + " event");
        } catch (IllegalStateException e) {
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot publish " + event.typeName() + " event: " + e.getMessage());
        }
    }
}
