package io.choria.lifecycle.tally;

import io.choria.lifecycle.nats.ConnectRetry;
import io.choria.lifecycle.tally.web.Readiness;
import io.nats.client.Connection;

/**
 * Where a tally is in its start, for its port: waiting for a broker, connected and subscribing or
 * warm-starting, then counting. Only a counting tally serves metrics and the fleet; only a
 * counting tally that is connected is ready.
 */
final class TallyReadiness implements Readiness {
    /** How the tally connects when it waits for a broker itself; null when it was given a connection. */
    private final ConnectRetry connector;
    private volatile Connection connection;
    private volatile boolean counting;

    TallyReadiness(ConnectRetry connector) {
        this.connector = connector;
    }

    void connected(Connection c) {
        connection = c;
    }

    void counting() {
        counting = true;
    }

    @Override
    public String notServingBecause() {
        if (connection == null) {
            String waiting = connector == null ? null : connector.waiting();
            return waiting != null ? waiting : "connecting to " + (connector == null ? "a broker" : connector.servers());
        }
        return counting ? null : "starting: subscribing, and the warm start from the CHORIA_EVENTS stream";
    }

    @Override
    public String notReadyBecause() {
        String notServing = notServingBecause();
        if (notServing != null) {
            return notServing;
        }
        Connection.Status status = connection.getStatus();
        return status == Connection.Status.CONNECTED ? null : "not connected to a broker (" + status + ")";
    }
}
