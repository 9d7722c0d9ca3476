package io.choria.lifecycle.nats;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks after every reconnect that the connection really carries messages, and reconnects once
 * more when it does not. jnats 2.25.1 can come back from a broker restart saying CONNECTED while
 * its published messages are never sent (seen in about a quarter of restarts on a loaded machine;
 * PING/PONG still works, so a flush does not notice). A message to our own inbox that does not
 * return reveals it. A broker that forbids inboxes, or repeated failures, stop the forcing.
 */
final class ReconnectProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);
    private static final int MAX_FORCED = 3;
    private final Duration timeout;
    private final Supplier<String> lastServerError;
    private final AtomicInteger forced = new AtomicInteger();

    ReconnectProbe(Duration timeout, Supplier<String> lastServerError) {
        this.timeout = timeout;
        this.lastServerError = lastServerError;
    }

    /** Starts a check of {@code connection} on its own thread, so jnats' event thread is not held up. */
    void checkSoon(Connection connection) {
        Thread t = new Thread(() -> check(connection), "nats-reconnect-probe");
        t.setDaemon(true);
        t.start();
    }

    private void check(Connection connection) {
        String errorBefore = lastServerError.get();
        try {
            if (roundTrip(connection)) {
                forced.set(0);
                return;
            }
            String error = lastServerError.get();
            if (error != null && !error.equals(errorBefore) && error.contains("Permissions Violation")) {
                LOG.debug("cannot check the connection after reconnecting: {}", error);
                return;
            }
            if (connection.getStatus() != Connection.Status.CONNECTED) {
                return; // disconnected again meanwhile: the next reconnect is checked in turn
            }
            if (forced.incrementAndGet() > MAX_FORCED) {
                LOG.warn("the connection to {} still carries no messages after {} extra reconnects",
                        connection.getConnectedUrl(), MAX_FORCED);
                return;
            }
            LOG.warn("the connection to {} carries no messages after reconnecting; reconnecting again",
                    connection.getConnectedUrl());
            connection.forceReconnect();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("reconnect probe: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean roundTrip(Connection connection) throws InterruptedException {
        String inbox = connection.createInbox();
        Subscription echo = connection.subscribe(inbox);
        try {
            connection.publish(inbox, new byte[0]);
            return echo.nextMessage(timeout) != null;
        } finally {
            try {
                echo.unsubscribe();
            } catch (IllegalStateException e) {
                // closed meanwhile
            }
        }
    }
}
