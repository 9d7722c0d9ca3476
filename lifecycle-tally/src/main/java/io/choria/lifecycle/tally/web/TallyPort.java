package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The tally's HTTP port on Jetty: a non-blocking connector, so a client that sends half a request
 * (or half a TLS handshake) and then nothing holds a socket but no thread, and cannot delay a
 * scrape; an idle timeout that closes such connections; a cap on connections per client address
 * and in all ({@link ConnectionCaps}); TLS from the web configuration in force
 * ({@link CurrentTls}) with refused handshakes counted and logged ({@link HandshakeFailures}).
 * Every request, and every error Jetty answers itself, goes through the {@link WebGate} to the
 * {@link PortRoutes}: {@link MetricsHandler}, {@link HealthHandler} and the fleet page and API
 * ({@link FleetWeb}), each a handler of its own. docs/architecture.md says why Jetty.
 */
public final class TallyPort implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final boolean https;

    private TallyPort(Server server, ServerConnector connector, boolean https) {
        this.server = server;
        this.connector = connector;
        this.https = https;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port listened on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Whether the port speaks TLS. */
    public boolean https() {
        return https;
    }

    /** Stops listening and ends the open connections and feed streams. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP port: " + e.getMessage(), e);
        }
    }

    /** What the port serves and how it listens; {@link #start()} opens it. */
    public static final class Builder {
        /** Connections one client address may hold open (a browser uses up to 6, Prometheus 1 per target). */
        public static final int CONNECTIONS_PER_CLIENT = 64;
        /** Connections open at once in all, well below the file descriptors a service is given. */
        public static final int CONNECTIONS = 4096;
        /** How long a connection may stay silent: a half-sent request, a half-done handshake, an idle keep-alive. */
        public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
        /** Threads that run handlers: scrapes and API calls take milliseconds; each open feed stream holds one. */
        static final int MAX_THREADS = 32 + EventFeed.MAX_STREAMS;

        private HttpSettings http;
        private Handler metrics;
        private HealthHandler health;
        private Handler fleet;
        private PortRefusals refusals = PortRefusals.NONE;
        private int connectionsPerClient = CONNECTIONS_PER_CLIENT;
        private int connections = CONNECTIONS;
        private Duration idleTimeout = IDLE_TIMEOUT;

        private Builder() {
        }

        /** Where to listen, the web configuration, and whether to serve the metrics only. */
        public Builder settings(HttpSettings settings) {
            this.http = settings;
            return this;
        }

        public Builder metrics(MetricsHandler handler) {
            this.metrics = handler;
            return this;
        }

        public Builder health(HealthHandler handler) {
            this.health = handler;
            return this;
        }

        /** The fleet page and API; left out when the settings say metrics only. */
        public Builder fleet(FleetWeb handler) {
            this.fleet = handler;
            return this;
        }

        /** Where refused connections, handshakes and requests are counted. */
        public Builder refusals(PortRefusals counter) {
            this.refusals = Objects.requireNonNull(counter, "refusals");
            return this;
        }

        /** At most {@code perClient} open connections per client address and {@code total} in all. */
        public Builder connectionLimits(int perClient, int total) {
            if (perClient < 1 || total < perClient) {
                throw new LifecycleException(Reason.INVALID_INPUT, "connection limits must be at least 1, the total"
                        + " at least the limit per client");
            }
            this.connectionsPerClient = perClient;
            this.connections = total;
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "idleTimeout");
            return this;
        }

        /**
         * Listens as the settings say (all interfaces when no bind address; port 0 picks a free port).
         *
         * @throws LifecycleException when the address cannot be bound
         */
        public TallyPort start() {
            Objects.requireNonNull(http, "settings");
            InetSocketAddress address = http.bind() == null || http.bind().isEmpty()
                    ? new InetSocketAddress(http.port()) : new InetSocketAddress(http.bind(), http.port());
            if (address.isUnresolved()) {
                throw new LifecycleException(Reason.INVALID_INPUT, "cannot listen on " + http.bind() + ":" + http.port()
                        + ": unknown host");
            }
            QueuedThreadPool threads = new PortThreads(MAX_THREADS, 2, 30_000);
            threads.setName("tally-http");
            threads.setDaemon(true);
            threads.setStopTimeout(500);
            Server server = new Server(threads);
            server.setStopTimeout(0);
            Supplier<WebConfig> settings = http.web() == null ? () -> WebConfig.NONE : http.web()::current;
            boolean tls = settings.get().tlsEnabled();
            ServerConnector connector = tls
                    ? new ServerConnector(server, 1, 1, new SslConnectionFactory(new CurrentTls(settings),
                    HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(httpConfiguration()))
                    : new ServerConnector(server, 1, 1, new HttpConnectionFactory(httpConfiguration()));
            connector.setHost(address.getAddress().isAnyLocalAddress() ? null : address.getHostString());
            connector.setPort(address.getPort());
            connector.setIdleTimeout(idleTimeout.toMillis());
            connector.setAcceptedTcpNoDelay(true);
            // a burst of connections waits in the kernel instead of being dropped: Go's listener asks for
            // the system's somaxconn (4096 on current Linux), Java's default is 50
            connector.setAcceptQueueSize(4096);
            connector.addBean(new ConnectionCaps(connectionsPerClient, connections, refusals));
            if (tls) {
                connector.addBean(new HandshakeFailures(refusals));
            }
            server.addConnector(connector);
            WebGate gate = new WebGate(settings, refusals, System::nanoTime,
                    new PortRoutes(metrics, health, http.metricsOnly() ? null : fleet));
            server.setHandler(gate);
            server.setErrorHandler(new GateErrors(gate));
            try {
                server.start();
            } catch (Exception e) {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // the start failed already; that is what is reported
                }
                throw new LifecycleException(Reason.UNAVAILABLE, "cannot listen on " + (http.bind() == null ? ""
                        : http.bind()) + ":" + http.port() + ": " + innermost(e).getMessage(), e);
            }
            return new TallyPort(server, connector, tls);
        }

        /** What the system said: Jetty wraps a {@code BindException} ("Address already in use") in "Failed to bind to ...". */
        private static Throwable innermost(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t.getMessage() == null ? e : t;
        }

        /**
         * HTTP/1.1 as Go's server speaks it to an exporter's clients: no {@code Server} header, and
         * paths routed as sent, so {@code //x} is a path (404) rather than a refusal outside the gate;
         * other ambiguous paths (encoded separators, {@code %2e%2e}) stay refused, by {@link GateErrors}.
         */
        private static HttpConfiguration httpConfiguration() {
            HttpConfiguration c = new HttpConfiguration();
            c.setSendServerVersion(false);
            c.setSendXPoweredBy(false);
            c.setUriCompliance(UriCompliance.DEFAULT.with("tally", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
            return c;
        }
    }
}
