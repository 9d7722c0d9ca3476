package io.choria.lifecycle.nats;

import io.choria.lifecycle.nats.internal.HostNames;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a Java service take part in a Choria fleet as Choria servers do: startup when started,
 * alive after a random first delay within the interval and then every interval, shutdown when
 * closed. Publishing failures are logged, never thrown into the host service.
 */
public final class LifecycleAgent implements AutoCloseable {
    /** Choria servers' alive interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleAgent.class);

    private final Connection connection;
    private final AtomicLong failures = new AtomicLong();
    private final String component;
    private final String identity;
    private final String version;
    private final WireFormat format;
    private final Duration interval;
    private final Duration shutdownTimeout;
    private ScheduledExecutorService timer;

    private LifecycleAgent(Builder b) {
        this.connection = Objects.requireNonNull(b.connection, "connection");
        this.component = requireText(b.component, "component");
        this.identity = b.identity == null || b.identity.isEmpty() ? HostNames.fqdn() : b.identity;
        this.version = b.version == null ? "" : b.version;
        this.format = b.format;
        this.interval = b.interval;
        this.shutdownTimeout = b.shutdownTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Publishes startup and schedules the alive events; calling it twice does nothing more. */
    public synchronized LifecycleAgent start() {
        if (timer != null) {
            return this;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifecycle-agent-" + component);
            t.setDaemon(true);
            return t;
        });
        publish(EventType.STARTUP);
        long period = interval.toMillis();
        long firstDelay = ThreadLocalRandom.current().nextLong(period);
        // fixed delay, like Go's ticker dropping missed ticks: a long JVM pause must not become a burst of alives
        timer.scheduleWithFixedDelay(() -> publish(EventType.ALIVE), firstDelay, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the alive events and publishes shutdown, waiting up to the shutdown timeout for the broker. */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        timer = null;
        LifecycleEvent shutdown = event(EventType.SHUTDOWN);
        try {
            EventPublisher.publishAndWait(connection, shutdown, shutdownTimeout);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not publish the shutdown event of {}: {}", component, e.getMessage());
        }
    }

    public String component() {
        return component;
    }

    public String identity() {
        return identity;
    }

    /**
     * Events that could not be published so far (logged each time, never thrown into the service):
     * for the service's own health checks.
     */
    public long publishFailures() {
        return failures.get();
    }

    private void publish(EventType type) {
        try {
            EventPublisher.publish(connection, event(type));
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not publish the {} event of {}: {}", type.typeName(), component, e.getMessage());
        }
    }

    private LifecycleEvent event(EventType type) {
        LifecycleEvent e = type == EventType.SHUTDOWN
                ? Lifecycle.newEvent(type, EventOption.component(component), EventOption.identity(identity))
                : Lifecycle.newEvent(type, EventOption.component(component), EventOption.identity(identity),
                        EventOption.version(version));
        e.setFormat(format);
        return e;
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "the agent needs a " + what);
        }
        return s;
    }

    /** Builds a {@link LifecycleAgent}: a connection and a component are required. */
    public static final class Builder {
        private Connection connection;
        private String component;
        private String identity;
        private String version;
        private WireFormat format = WireFormat.CLOUDEVENT_V1;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration shutdownTimeout = Duration.ofSeconds(2);

        private Builder() {
        }

        /** The connection to publish on; the host service owns it and closes it after the agent. */
        public Builder connection(Connection connection) {
            this.connection = connection;
            return this;
        }

        public Builder component(String component) {
            this.component = component;
            return this;
        }

        /** Default: the host's FQDN. */
        public Builder identity(String identity) {
            this.identity = identity;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** CloudEvents (the default) or the Choria (legacy) format. */
        public Builder format(WireFormat format) {
            if (format != WireFormat.CHORIA && format != WireFormat.CLOUDEVENT_V1) {
                throw new LifecycleException(Reason.INVALID_INPUT, "the agent publishes Choria or CloudEvents format, not " + format);
            }
            this.format = format;
            return this;
        }

        /** Publishes the Choria (legacy) format, as {@code plugin.choria.legacy_lifecycle_format} asks. */
        public Builder legacyFormat(boolean legacy) {
            return format(legacy ? WireFormat.CHORIA : WireFormat.CLOUDEVENT_V1);
        }

        /** Identity and format as a Choria component with this configuration would use them. */
        public Builder choriaConfig(ChoriaConfig config) {
            identity(config.identity());
            return legacyFormat(config.legacyLifecycleFormat());
        }

        /** The alive interval, at least 1 ms (alive events are scheduled in milliseconds); default 30 minutes. */
        public Builder interval(Duration interval) {
            if (interval.compareTo(Duration.ofMillis(1)) < 0) {
                throw new LifecycleException(Reason.INVALID_INPUT, "the alive interval must be at least 1 ms");
            }
            this.interval = interval;
            return this;
        }

        /** How long close() waits for the broker to take the shutdown event; default 2 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public LifecycleAgent build() {
            return new LifecycleAgent(this);
        }
    }
}
