package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection opened on a thread of its own: a service that must start while its broker is down
 * keeps trying, with {@link NatsConnector}'s back-off, until a broker answers, then hands the
 * connection on. Once connected, jnats reconnects as for any connection of {@link NatsConnector}.
 *
 * <p>Settings that cannot work (a URL that is none, TLS or credentials files that cannot be
 * read) fail in {@link #open}, at once: waiting would not mend them. A broker that cannot be
 * reached, refuses us or times out is tried again, and logged once when it starts, then at most
 * once a minute, with the servers and the last error.
 */
public final class BackgroundConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundConnection.class);
    /** How often a broker that stays unreachable is logged again. */
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final ConnectionSettings settings;
    private final Consumer<Connection> whenConnected;
    private final Thread thread;
    private volatile Connection connection;
    private volatile String lastError;
    private volatile boolean closed;

    private BackgroundConnection(ConnectionSettings settings, Consumer<Connection> whenConnected) {
        this.settings = settings;
        this.whenConnected = whenConnected;
        this.thread = new Thread(this::connectUntilConnected, "lifecycle-connect");
        this.thread.setDaemon(true);
    }

    /**
     * Starts connecting; {@code whenConnected} is called once, on the connecting thread, with the
     * open connection (not when closed first).
     *
     * @throws LifecycleException (invalid input) when the settings cannot work
     */
    public static BackgroundConnection open(ConnectionSettings settings, Consumer<Connection> whenConnected) {
        NatsConnector.options(settings, new ConnectionEvents()); // reads the TLS and credentials files now
        BackgroundConnection c = new BackgroundConnection(settings, whenConnected);
        c.thread.start();
        return c;
    }

    /** The connection once open; empty while still trying, and after close. */
    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** {@code CONNECTING} until the first connect, then the connection's own status; {@code CLOSED} once closed. */
    public Connection.Status status() {
        Connection c = connection;
        if (closed) {
            return Connection.Status.CLOSED;
        }
        return c == null ? Connection.Status.CONNECTING : c.getStatus();
    }

    /** Why the last attempt failed, one line; empty once connected. */
    public Optional<String> lastError() {
        return connection == null ? Optional.ofNullable(lastError) : Optional.empty();
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** Stops trying, or closes the connection when it is open. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void connectUntilConnected() {
        long lastLogged = 0;
        for (long attempt = 1; !closed; attempt++) {
            try {
                Connection c = NatsConnector.connect(settings);
                if (closed) {
                    c.close();
                    return;
                }
                connection = c;
                if (attempt > 1) {
                    LOG.warn("connected to {} after {} attempts", ServerUrls.connectedServer(c), attempt);
                }
                whenConnected.accept(c);
                return;
            } catch (LifecycleException e) {
                if (closed) {
                    return;
                }
                lastError = e.getMessage();
                long now = System.nanoTime();
                if (attempt == 1 || now - lastLogged >= LOG_EVERY.toNanos()) {
                    lastLogged = now;
                    LOG.warn("{} (attempt {}); trying again in the background", e.getMessage(), attempt);
                }
            } catch (InterruptedException e) {
                return; // closed while closing a connection made too late
            }
            try {
                Thread.sleep(NatsConnector.backOff(attempt).toMillis());
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }
}
