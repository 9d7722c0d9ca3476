package io.choria.lifecycle.nats;

import io.choria.lifecycle.nats.internal.TlsFailureListener;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a connection's disconnects, reconnects and errors through SLF4J (instead of jnats' own
 * logging), and remembers the last exception so a failed connect can say why.
 *
 * <p>It also ends a first connect as soon as the broker refuses it: jnats waits for its first
 * PONG until the connect timeout even after an {@code -ERR} (e.g. Authorization Violation) or a
 * TLS alert (our client certificate refused), so the thread waiting in {@code Nats.connect} is
 * interrupted, which ends that server's attempt; jnats then tries the next server or fails.
 */
final class ConnectionEvents implements ConnectionListener, ErrorListener, TlsFailureListener {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);
    private static final int KEPT = 20;
    private volatile String lastServerError;
    private volatile boolean disconnected;
    private volatile boolean connected;
    private final Deque<Exception> exceptions = new ConcurrentLinkedDeque<>();
    private Thread connecting; // guarded by this
    private boolean interruptedConnecting; // guarded by this

    // jnats marks this method deprecated but it is still the interface's only abstract method;
    // the newer four-argument default delegates here.
    @Override
    @SuppressWarnings("deprecation")
    public void connectionEvent(Connection conn, Events type) {
        String url = ServerUrls.connectedServer(conn);
        switch (type) {
            case CONNECTED -> {
                connected = true;
                LOG.debug("connected to {}", url);
            }
            case DISCONNECTED -> {
                // jnats reports every failed reconnect attempt as another disconnect: warn once per
                // outage; a failed first connect is not an outage, its caller reports it in one line
                if (disconnected || !connected) {
                    LOG.debug("still disconnected, retrying");
                } else {
                    disconnected = true;
                    LOG.warn("disconnected from the NATS broker, reconnecting");
                }
            }
            case RECONNECTED -> {
                disconnected = false;
                LOG.warn("reconnected to {}", url);
            }
            case RESUBSCRIBED -> LOG.info("subscriptions restored on {}", url);
            case CLOSED -> LOG.debug("connection closed");
            case LAME_DUCK -> LOG.warn("broker {} is entering lame duck mode", url);
            default -> LOG.debug("connection event {}", type);
        }
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        lastServerError = error;
        if (connected) {
            LOG.warn("NATS error: {}", error);
        } else {
            // a refused first connect (e.g. Authorization Violation): the caller's one-line error says it
            LOG.debug("NATS error before connecting: {}", error);
            refused();
        }
    }

    /**
     * A read or write on a TLS connection failed (see {@code internal.TlsAwareDataPort}). While connecting,
     * that is the broker refusing us: a TLS alert, or the connection dropped after the handshake.
     */
    @Override
    public void tlsFailed(java.io.IOException e) {
        if (!connected) {
            remember(e);
            refused();
        }
    }

    /** Marks the calling thread as the one waiting in {@code Nats.connect}. */
    synchronized void connectStarting() {
        connecting = Thread.currentThread();
        interruptedConnecting = false;
    }

    /** The first connect is over; clears an interrupt this listener caused. */
    synchronized void connectFinished() {
        connecting = null;
        if (interruptedConnecting) {
            Thread.interrupted();
            interruptedConnecting = false;
        }
    }

    /** Whether an interrupt of the connecting thread came from a refusal rather than from its owner. */
    synchronized boolean interruptedByRefusal() {
        return interruptedConnecting;
    }

    private synchronized void refused() {
        if (connecting != null && !connected) {
            interruptedConnecting = true;
            connecting.interrupt();
        }
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        remember(exp);
        LOG.debug("NATS connection problem", exp);
    }

    private void remember(Exception exp) {
        exceptions.addLast(exp);
        while (exceptions.size() > KEPT) {
            exceptions.pollFirst();
        }
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        // jnats calls this per dropped batch, thousands of times in a burst: the subscription's
        // owner reports the count (EventSubscription.dropped(), the tally's lost_events)
        LOG.debug("slow consumer: messages are being dropped ({} so far)", consumer.getDroppedCount());
    }

    /** The last error the broker sent (e.g. {@code Authorization Violation}), or null. */
    String lastServerError() {
        return lastServerError;
    }

    /** The last exceptions jnats reported, oldest first. */
    List<Exception> exceptions() {
        return List.copyOf(exceptions);
    }
}
