package io.choria.lifecycle.tally.web;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many open connections per client address ({@link ClientKey}) and in all: a
 * connection over either limit is closed as soon as it is accepted, before a byte of it is read,
 * counted in {@code <prefix>_http_refused{reason="connection_limit"}} and logged at most once per
 * {@value IntervalLog#INTERVAL_SECONDS} s. The non-blocking server holds a silent connection
 * without a thread, so the limits are about file descriptors and memory, and about one client
 * taking them all: the total stays far below the process's descriptor limit, so the server never
 * fails to accept (which it would log per attempt). Only network connections count, not the
 * HTTP connection Jetty stacks on a TLS one.
 */
final class ConnectionCaps implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCaps.class);
    private final int perClient;
    private final int total;
    private final PortRefusals refusals;
    private final IntervalLog log = new IntervalLog(LOG);
    private final Map<EndPoint, String> open = new IdentityHashMap<>();
    private final Map<String, Integer> perKey = new HashMap<>();

    ConnectionCaps(int perClient, int total, PortRefusals refusals) {
        this.perClient = perClient;
        this.total = total;
        this.refusals = refusals;
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!(endPoint instanceof SocketChannelEndPoint)) {
            return;
        }
        String key = ClientKey.of(endPoint.getRemoteSocketAddress());
        String refusal = null;
        synchronized (this) {
            if (open.containsKey(endPoint)) {
                return; // another connection on the same socket (an upgrade): counted already
            }
            int ofClient = perKey.getOrDefault(key, 0);
            if (ofClient >= perClient) {
                refusal = "it has " + ofClient + " open already, the limit per client address";
            } else if (open.size() >= total) {
                refusal = "the port has " + open.size() + " open, the limit in all";
            } else {
                open.put(endPoint, key);
                perKey.put(key, ofClient + 1);
            }
        }
        if (refusal != null) {
            refusals.refused(PortRefusals.CONNECTION_LIMIT);
            log.warn("Closed a connection from " + endPoint.getRemoteSocketAddress() + " at once: " + refusal);
            endPoint.close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        synchronized (this) {
            String key = open.remove(endPoint);
            if (key != null) {
                perKey.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /** Connections open now (for tests). */
    synchronized int open() {
        return open.size();
    }
}
