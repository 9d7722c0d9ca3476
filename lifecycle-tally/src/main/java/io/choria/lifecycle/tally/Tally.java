package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.machine.MachineEvents;
import io.choria.lifecycle.nats.ConnectRetry;
import io.choria.lifecycle.nats.election.ElectionCampaign;
import io.choria.lifecycle.nats.election.ElectionSettings;
import io.choria.lifecycle.nats.EventStream;
import io.choria.lifecycle.nats.EventSubscription;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.choria.lifecycle.tally.web.EventFeed;
import io.choria.lifecycle.tally.web.FleetWeb;
import io.choria.lifecycle.tally.web.HealthHandler;
import io.choria.lifecycle.tally.web.HttpSettings;
import io.choria.lifecycle.tally.web.MetricsHandler;
import io.choria.lifecycle.tally.web.TallyPort;
import io.choria.lifecycle.tally.web.WebConfigFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fleet tally: subscriptions, warm start, expiry sweeps, optional leader election
 * and the {@code /metrics} endpoint, put together in the order that keeps counts right —
 * subscribe (holding lifecycle events back), replay the stream, apply what was held back, then
 * campaign and serve: {@code /metrics}, the fleet page at {@code /} and its API under
 * {@code /api/} (see docs/fleet.md). {@link #close()} stops everything but a connection the
 * caller gave ({@link Builder#connection}), which the caller owns.
 *
 * <p>Given a {@link ConnectRetry} instead ({@link Builder#connector}), the tally opens its port
 * first, then waits for a broker as long as it takes: meanwhile {@code /-/healthy} answers,
 * {@code /-/ready} says why it is not ready, and every other path is a 503 until it counts.
 */
public final class Tally implements AutoCloseable {
    /** The library's metric prefix, as the reference library's; the command's is {@code choria_tally}. */
    public static final String DEFAULT_PREFIX = "lifecycle_tally";
    private static final Logger LOG = LoggerFactory.getLogger(Tally.class);

    private final TallySettings settings;
    private final InstanceState state;
    private final PrometheusRegistry registry;
    private final TallyMetrics metrics;
    private final TallyRecorder recorder;
    private final EventFeed feed = new EventFeed();
    private final MachineEventRecorder machineEvents;
    private final HeldBackEvents heldBack;
    private final TallyReadiness readiness;
    private Connection connection;
    private Dispatcher dispatcher;
    private ScheduledExecutorService sweeper;
    private ElectionCampaign election;
    private TallyPort http;
    private EventReplay.Result replayResult = new EventReplay.Result(false, 0, 0);
    private EventReplay following;
    private LostMessages lost;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Tally(TallySettings settings) {
        this.settings = settings;
        this.state = new InstanceState(settings.election() == null ? null : settings.election().campaign(),
                settings.clock());
        this.registry = settings.registry();
        this.metrics = new TallyMetrics(settings.prefix(), registry, state::active);
        this.recorder = new TallyRecorder(metrics, settings.expiry(), settings.clock(), settings.maxNodes(),
                settings.maxVersions());
        this.machineEvents = new MachineEventRecorder(metrics);
        this.heldBack = new HeldBackEvents(this::recordLive, EventSubscription.PENDING_MESSAGES,
                EventSubscription.PENDING_BYTES, metrics::lostEvents);
        this.readiness = new TallyReadiness(settings.connector());
    }

    /** A live lifecycle message, from its subject or (in the stream mode) from the stream. */
    private void recordLive(Message m) {
        recorder.onLifecycleMessage(m.getSubject(), m.getData());
        feed.offer(m.getData()); // after recording, so a page that hears of an event finds it counted
    }

    public static Builder builder() {
        return new Builder();
    }

    private Tally start() {
        // a web configuration that cannot be used stops the start before anything else happens
        WebConfigFile web = settings.webConfig() == null || settings.port() < 0 ? null
                : WebConfigFile.load(settings.webConfig());
        if (settings.connector() != null) {
            if (settings.port() >= 0) {
                serve(web); // the health paths answer while it waits; the rest is a 503 until it counts
            }
            connection = settings.connector().connect();
        } else {
            connection = settings.connection();
        }
        readiness.connected(connection);
        // a warm start from the stream compiles the same path on real events: no made-up ones then
        if (settings.warmup() && !(settings.replay() && EventStream.exists(connection))) {
            LOG.info("Warmed up the ingest path in {} ms", IngestWarmup.run(IngestWarmup.EVENTS));
        }
        LOG.info("Tracking at most {} nodes ({} MB of heap; --max-nodes) and {} versions per component (--max-versions)",
                settings.maxNodes(), Runtime.getRuntime().maxMemory() >> 20, settings.maxVersions());
        boolean lifecycle = !settings.component().isEmpty();
        String lifecycleSubject = lifecycle ? TallySubjects.lifecycle(settings.component()) : null;
        dispatcher = connection.createDispatcher();
        if (!lifecycle) {
            LOG.warn("No component to tally: lifecycle events are not counted, only machine transitions and exec"
                    + " watcher states (as the reference tally with an empty --component)");
        } else if (!settings.stream()) {
            dispatcher.subscribe(lifecycleSubject, heldBack::accept);
            dispatcher.setPendingLimits(EventSubscription.PENDING_MESSAGES, EventSubscription.PENDING_BYTES);
        }
        dispatcher.subscribe(MachineEvents.TRANSITION_SUBJECT, m -> machineEvents.onTransitionMessage(m.getData()));
        dispatcher.subscribe(MachineEvents.EXEC_STATE_SUBJECT, m -> machineEvents.onExecStateMessage(m.getData()));
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot subscribe: " + e.getMessage(), e);
        }
        EventReplay reader = lifecycle ? new EventReplay(connection, recorder, lifecycleSubject,
                settings.replay() ? settings.expiry().length() : Duration.ZERO, settings.clock()) : null;
        if (reader == null) {
            heldBack.release();
        } else if (settings.stream()) {
            LOG.info("Tallying {} from stream {} ({})", settings.component(), EventReplay.STREAM, lifecycleSubject);
            replayResult = reader.follow(this::recordLive);
            following = reader;
        } else {
            LOG.info("Tallying {} on {}", settings.component(), lifecycleSubject);
            if (settings.replay()) {
                try {
                    replayResult = reader.run();
                } catch (LifecycleException e) {
                    // a warm start is an improvement, not a precondition: carry on with what was replayed
                    LOG.warn("Warm start failed, continuing with {} nodes known: {}", recorder.nodes(), e.getMessage());
                }
            }
            heldBack.release();
        }
        if (settings.election() != null) {
            election = ElectionCampaign.start(connection, settings.election(), () -> state.set(true),
                    () -> state.set(false));
        }
        long every = settings.expiry().sweepInterval().toMillis();
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tally-expiry");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        lost = new LostMessages(connection, dispatcher, metrics);
        sweeper.scheduleWithFixedDelay(lost, 1, 1, TimeUnit.SECONDS);
        sweeper.scheduleWithFixedDelay(recorder.refusals(), Refusals.LOG_EVERY_SECONDS, Refusals.LOG_EVERY_SECONDS,
                TimeUnit.SECONDS);
        if (settings.port() >= 0 && http == null) {
            serve(web);
        }
        readiness.counting();
        return this;
    }

    /** The port: metrics, health, and (unless metrics only) the fleet page and API, behind {@code web} when given. */
    private void serve(WebConfigFile web) {
        BuildInfo.register(settings.prefix(), settings.version(), settings.revision(), registry);
        FleetWeb fleet = new FleetWeb(new FleetSummary(metrics, recorder, state, settings.component(), settings.expiry(),
                settings.clock()), new NodeListing(recorder, settings.clock()), feed);
        http = TallyPort.builder()
                .settings(new HttpSettings(settings.bind(), settings.port(), web, settings.metricsOnly()))
                .metrics(new MetricsHandler(registry, metrics.familyNames()))
                .health(new HealthHandler(readiness))
                .fleet(fleet)
                .refusals(metrics::httpRefused)
                .start();
        LOG.info("Serving metrics on {}:{}/metrics{} ({}){}", settings.bind() == null ? "*" : settings.bind(), http.port(),
                settings.metricsOnly() ? " only" : " and the fleet page on /",
                web == null ? "plain HTTP, no authentication" : web.path() + ": " + WebConfigFile.describe(web.current()),
                connection == null ? "; until a broker answers only /-/healthy and /-/ready" : "");
    }

    private void sweep() {
        try {
            recorder.expire();
        } catch (RuntimeException e) {
            LOG.error("expiry sweep failed: {}", e.toString());
        }
    }

    /** The tally's counting: how many nodes it knows, which version a node is on. */
    public TallyRecorder recorder() {
        return recorder;
    }

    /** The registry the tally's metrics are in. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The HTTP port, or -1 when not serving. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    /** Whether the port speaks TLS (a web configuration file with a tls_server_config). */
    public boolean https() {
        return http != null && http.https();
    }

    /** Whether this instance's series are {@code active="1"}. */
    public boolean active() {
        return state.active();
    }

    /** Live messages dropped so far because the tally could not keep up (also in {@code <prefix>_lost_events}). */
    public long lostMessages() {
        return lost == null ? 0 : lost.total();
    }

    /** What the warm start read (for tests). */
    EventReplay.Result replayResult() {
        return replayResult;
    }

    /**
     * Stops everything but a connection the caller gave, which the caller owns (one the tally made
     * through its {@link Builder#connector} it closes); closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // jnats throws when a dispatcher is closed twice
        }
        if (election != null) {
            election.close();
        }
        if (following != null) {
            following.close();
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (dispatcher != null && connection.getStatus() == Connection.Status.CONNECTED) {
            connection.closeDispatcher(dispatcher);
        }
        if (http != null) {
            http.close();
        }
        if (settings.connector() != null && connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Settings of a tally: each setter checks its value at once; {@link #start()} takes a copy, so
     * changing the builder afterwards does not change a running tally.
     */
    public static final class Builder {
        private Connection connection;
        private ConnectRetry connector;
        private String component = "*";
        private String prefix = DEFAULT_PREFIX;
        private PrometheusRegistry registry;
        private ExpiryWindow expiry = ExpiryWindow.DEFAULT;
        private int maxNodes = -1;
        private int maxVersions = VersionLimit.DEFAULT_PER_COMPONENT;
        private boolean replay = true;
        private boolean stream;
        private boolean warmup;
        private String bind;
        private int port = 8080;
        private Path webConfig;
        private boolean metricsOnly;
        private String version = BuildInfo.ownVersion();
        private String revision = BuildInfo.ownRevision();
        private ElectionSettings election;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The connection to the brokers; the caller owns it and closes it after the tally. */
        public Builder connection(Connection c) {
            this.connection = c;
            return this;
        }

        /**
         * Instead of a {@link #connection}: the tally opens its port, then connects through
         * {@code retry}, waiting for a broker as long as it takes ({@link #start()} returns once it
         * counts), and closes that connection when closed. {@code retry.close()} from another
         * thread ends the wait: {@link #start()} then throws ({@code INTERRUPTED}).
         */
        public Builder connector(ConnectRetry retry) {
            this.connector = retry;
            return this;
        }

        /**
         * The component to tally, {@code *} (default) for all: the same default as the
         * {@code tally} command and the reference tally tool (choria-io/tally since fab8df5, 2021).
         * Empty, no lifecycle events are counted, only machine transitions and exec watcher states,
         * as go-choria's tally does ("Component was not specified, disabling lifecycle tallies").
         *
         * @throws LifecycleException for {@code >} or anything that is not a single subject token
         */
        public Builder component(String c) {
            if (!Objects.requireNonNull(c, "component").isEmpty()) {
                TallySubjects.lifecycle(c);
            }
            this.component = c;
            return this;
        }

        /**
         * Metric name prefix; the library's default is {@code lifecycle_tally} like the reference
         * library, and an empty prefix means that default, as there.
         *
         * @throws LifecycleException unless it is a valid start of Prometheus metric names
         */
        public Builder prefix(String p) {
            this.prefix = p != null && p.isEmpty() ? DEFAULT_PREFIX : TallyMetrics.checkPrefix(p);
            return this;
        }

        /** The registry the metrics are registered in; a new one by default. */
        public Builder registry(PrometheusRegistry r) {
            this.registry = r;
            return this;
        }

        /**
         * How long a node may stay silent before it is forgotten (default 80 minutes).
         *
         * @throws LifecycleException outside 1s to 720h
         */
        public Builder expireAfter(Duration d) {
            this.expiry = ExpiryWindow.of(d);
            return this;
        }

        /**
         * The most nodes tracked (places: a node whose identity is longer than 64 bytes takes one per
         * 64 bytes); past it new nodes are not tracked, known ones still update, and each event of a
         * new node counts in {@code <prefix>_refused_events{reason="node_limit"}}. By default what the
         * heap holds with room for the rest ({@link TallyRecorder#defaultMaxNodes()}, docs/tally.md).
         *
         * @throws LifecycleException outside 1 to 500,000,000
         */
        public Builder maxNodes(int n) {
            new NodeLimit(n);
            this.maxNodes = n;
            return this;
        }

        /**
         * The most versions per component with a {@code <prefix>_versions} series (default 300); nodes on
         * further versions are tracked and counted in {@code <prefix>_version_limit_nodes}, their events
         * in {@code <prefix>_refused_events{reason="version_limit"}}.
         *
         * @throws LifecycleException outside 1 to 65,535
         */
        public Builder maxVersions(int n) {
            new VersionLimit(n, (c, v) -> { });
            this.maxVersions = n;
            return this;
        }

        /** Whether to warm start from the stream (default true). */
        public Builder replay(boolean r) {
            this.replay = r;
            return this;
        }

        /**
         * Whether to run the ingest path on made-up events before subscribing, so that a tally
         * started into a busy network keeps up from its first event (about a second of start-up;
         * the command line does it). Default false.
         */
        public Builder warmup(boolean w) {
            this.warmup = w;
            return this;
        }

        /**
         * Whether lifecycle events are read from the broker's {@value EventStream#NAME} stream
         * instead of live subjects: a burst makes the tally lag instead of lose, and reading resumes
         * where it was after a broker restart. Needs the stream; default false.
         */
        public Builder stream(boolean s) {
            this.stream = s;
            return this;
        }

        /** Address to listen on; all interfaces when null. */
        public Builder bind(String b) {
            this.bind = b;
            return this;
        }

        /**
         * HTTP port (default 8080; 0 = any free port; negative = no HTTP server).
         *
         * @throws LifecycleException above 65535
         */
        public Builder port(int p) {
            if (p > 65535) {
                throw new LifecycleException(Reason.INVALID_INPUT, "invalid port " + p + ": must be between 0 and 65535");
            }
            this.port = p;
            return this;
        }

        /**
         * A web configuration file in the format of prometheus/exporter-toolkit (TLS, basic auth,
         * headers, rate limit) protecting every path of the port; read again when it changes.
         * None by default: plain HTTP without authentication. The file is read when the tally
         * starts, which fails with one line naming the file, key and fix when it cannot be used.
         */
        public Builder webConfigFile(Path file) {
            this.webConfig = file;
            return this;
        }

        /** Serve {@code /metrics} and the health paths only: no fleet page, nodes API or feed (default false). */
        public Builder metricsOnly(boolean only) {
            this.metricsOnly = only;
            return this;
        }

        /** The version {@code <prefix>_build_info} reports; by default this library's own. */
        public Builder version(String v) {
            this.version = Objects.requireNonNull(v, "version");
            return this;
        }

        /** The commit {@code <prefix>_build_info} reports as {@code revision}; by default the one this library was built from. */
        public Builder revision(String r) {
            this.revision = Objects.requireNonNull(r, "revision");
            return this;
        }

        /**
         * Takes part in this leader election campaign with the default settings
         * ({@link ElectionSettings#of}); without an election every series is active; null for none.
         *
         * @throws LifecycleException for a name that cannot be a campaign
         */
        public Builder election(String campaignName) {
            this.election = campaignName == null ? null : ElectionSettings.of(campaignName);
            return this;
        }

        /** Takes part in the election {@code settings} describe (campaign, candidate, back-off, ...); null for none. */
        public Builder election(ElectionSettings settings) {
            this.election = settings;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Starts the tally.
         *
         * @throws LifecycleException when the broker, bucket, stream or port cannot be used
         */
        public Tally start() {
            if ((connection == null) == (connector == null)) {
                throw new IllegalStateException("a tally needs either a connection or a connector");
            }
            Tally tally = new Tally(new TallySettings(connection, connector, component,
                    prefix, registry != null ? registry : new PrometheusRegistry(), expiry,
                    maxNodes > 0 ? maxNodes : TallyRecorder.defaultMaxNodes(), maxVersions, replay, stream, warmup,
                    bind, port, webConfig, metricsOnly, version, revision, election, clock));
            try {
                return tally.start();
            } catch (RuntimeException e) {
                tally.close();
                throw e;
            }
        }
    }
}
