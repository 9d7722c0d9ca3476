package io.choria.lifecycle.nats;

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
 */
final class ConnectionEvents implements ConnectionListener, ErrorListener {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);
    private static final int KEPT = 20;
    private volatile String lastServerError;
    private volatile boolean disconnected;
    private volatile boolean connected;
    private final Deque<Exception> exceptions = new ConcurrentLinkedDeque<>();

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
        }
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        exceptions.addLast(exp);
        while (exceptions.size() > KEPT) {
            exceptions.pollFirst();
        }
        LOG.debug("NATS connection problem", exp);
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        LOG.warn("slow consumer: messages are being dropped");
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
