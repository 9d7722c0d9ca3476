package io.choria.lifecycle.nats;

import io.choria.lifecycle.nats.internal.HostNames;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Makes a Java service take part in a Choria fleet as Choria servers do: startup when started,
 * alive after a random first delay within the interval and then every interval, shutdown when
 * closed. Publishing failures are logged and counted, never thrown into the host service.
 *
 * <p>It publishes on a connection the service gives it, or on one of its own that it opens in
 * the background ({@link Builder#connectInBackground}): then the service starts while its broker
 * is down, and the startup it owes is published once a broker answers.
 */
public final class LifecycleAgent implements AutoCloseable {
    /** Choria servers' alive interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);

    private final AgentEvents events;
    private final Duration interval;
    private final Duration shutdownTimeout;
    private final BackgroundConnection background; // null unless connecting in the background
    private final boolean ownsConnection; // opened by connectNow: closed with the agent
    private volatile Connection connection; // null until the background connect succeeds
    private ScheduledExecutorService timer; // guarded by this; set by start()
    private boolean announced; // guarded by this: startup was published (or tried)
    private boolean closed; // guarded by this

    private LifecycleAgent(Builder b) {
        String identity = b.identity == null || b.identity.isEmpty() ? HostNames.fqdn() : b.identity;
        this.events = new AgentEvents(requireText(b.component, "component"), identity,
                b.version == null ? "" : b.version, b.format);
        this.interval = b.interval;
        this.shutdownTimeout = b.shutdownTimeout;
        this.ownsConnection = b.settings != null && !b.inBackground;
        if (b.settings == null) {
            this.background = null;
            this.connection = Objects.requireNonNull(b.connection, "connection");
        } else if (b.inBackground) {
            this.background = BackgroundConnection.open(b.settings, this::connected);
        } else {
            this.background = null;
            this.connection = NatsConnector.connect(b.settings);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes startup and schedules the alive events; with a background connection that is not
     * open yet, both wait for it. Calling it twice, or after {@link #close()}, does nothing more.
     */
    public synchronized LifecycleAgent start() {
        if (timer != null || closed) {
            return this;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifecycle-agent-" + events.component());
            t.setDaemon(true);
            return t;
        });
        if (connection != null) {
            announce();
        }
        return this;
    }

    /** The background connection is open: what start() asked for goes out now. */
    private synchronized void connected(Connection c) {
        if (closed) {
            return; // the background connection closes it
        }
        connection = c;
        if (timer != null) {
            announce();
        }
    }

    private void announce() {
        announced = true;
        events.publish(connection, EventType.STARTUP);
        long period = interval.toMillis();
        long firstDelay = ThreadLocalRandom.current().nextLong(period);
        // fixed delay, like Go's ticker dropping missed ticks: a long JVM pause must not become a burst of alives
        timer.scheduleWithFixedDelay(() -> events.publish(connection, EventType.ALIVE), firstDelay, period,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the alive events and publishes shutdown, waiting up to the shutdown timeout for the
     * broker; then closes the agent's own connection, if it has one. Again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.shutdownNow();
                if (announced) {
                    events.publishAndWait(connection, EventType.SHUTDOWN, shutdownTimeout);
                } else {
                    events.notSent("no broker answered while the service ran (" + connectionError().orElse("")
                            + ")", EventType.STARTUP, EventType.SHUTDOWN);
                }
            }
        }
        // outside the lock: the connecting thread may be waiting for it in connected()
        if (background != null) {
            background.close();
        } else if (ownsConnection) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String component() {
        return events.component();
    }

    public String identity() {
        return events.identity();
    }

    public String version() {
        return events.version();
    }

    /** Events handed to the connection so far (shutdown: confirmed by the broker). */
    public long eventsPublished() {
        return events.published();
    }

    /**
     * Events that could not be published so far (logged each time, never thrown into the service):
     * for the service's own health checks.
     */
    public long publishFailures() {
        return events.failures();
    }

    /**
     * The connection's status: jnats' own, or {@code CONNECTING} while the background connection
     * has not reached a broker yet, {@code CLOSED} once the agent closed its own connection.
     */
    public Connection.Status connectionStatus() {
        return background != null ? background.status() : connection.getStatus();
    }

    /** Why no broker could be reached yet, while the background connection is still trying. */
    public Optional<String> connectionError() {
        return background == null ? Optional.empty() : background.lastError();
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "the agent needs a " + what);
        }
        return s;
    }

    /** Builds a {@link LifecycleAgent}: a connection (or settings to open one) and a component are required. */
    public static final class Builder {
        private Connection connection;
        private ConnectionSettings settings;
        private boolean inBackground;
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
            this.settings = null;
            return this;
        }

        /**
         * Instead of {@link #connection}: the agent opens its own connection, from {@link #build()}
         * on, in the background, trying until a broker answers ({@link BackgroundConnection}), and
         * closes it when closed. build() throws only for settings that cannot work.
         */
        public Builder connectInBackground(ConnectionSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.inBackground = true;
            this.connection = null;
            return this;
        }

        /**
         * Instead of {@link #connection}: the agent opens its own connection in {@link #build()},
         * which throws when no broker can be used ({@link NatsConnector#connect}), and closes it
         * when closed.
         */
        public Builder connectNow(ConnectionSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.inBackground = false;
            this.connection = null;
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
