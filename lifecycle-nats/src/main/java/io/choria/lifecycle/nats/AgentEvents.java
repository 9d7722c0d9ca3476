package io.choria.lifecycle.nats;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.WireFormat;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one {@link LifecycleAgent}: made with its component, identity, version and
 * format, published, and counted, so that a service's health checks and meters can see them.
 * A failure is logged and counted, never thrown into the service.
 */
final class AgentEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleAgent.class);

    private final String component;
    private final String identity;
    private final String version;
    private final WireFormat format;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    AgentEvents(String component, String identity, String version, WireFormat format) {
        this.component = component;
        this.identity = identity;
        this.version = version;
        this.format = format;
    }

    /** Queues the event (jnats holds it while reconnecting). */
    void publish(Connection connection, EventType type) {
        try {
            EventPublisher.publish(connection, event(type));
            published.incrementAndGet();
        } catch (RuntimeException e) {
            failed(type, e);
        }
    }

    /** Publishes the event and waits up to {@code timeout} for the broker to have it. */
    void publishAndWait(Connection connection, EventType type, Duration timeout) {
        try {
            EventPublisher.publishAndWait(connection, event(type), timeout);
            published.incrementAndGet();
        } catch (RuntimeException e) {
            failed(type, e);
        }
    }

    /** Events that could not even be tried, e.g. when no broker answered before the service stopped: one line for all. */
    void notSent(String why, EventType... types) {
        failures.addAndGet(types.length);
        String names = Arrays.stream(types).map(EventType::typeName).collect(Collectors.joining(" and "));
        LOG.warn("{}: the {} of {} not published", why, names + (types.length == 1 ? " event" : " events"),
                component + (types.length == 1 ? " was" : " were"));
    }

    private void failed(EventType type, RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn("could not publish the {} event of {}: {}", type.typeName(), component, e.getMessage());
    }

    private LifecycleEvent event(EventType type) {
        LifecycleEvent e = type == EventType.SHUTDOWN
                ? Lifecycle.newEvent(type, EventOption.component(component), EventOption.identity(identity))
                : Lifecycle.newEvent(type, EventOption.component(component), EventOption.identity(identity),
                        EventOption.version(version));
        e.setFormat(format);
        return e;
    }

    String component() {
        return component;
    }

    String identity() {
        return identity;
    }

    String version() {
        return version;
    }

    long published() {
        return published.get();
    }

    long failures() {
        return failures.get();
    }
}
