package io.choria.lifecycle.tally;

import io.choria.lifecycle.nats.EventStream;
import io.choria.lifecycle.nats.EventSubscription;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fleet tally: subscriptions, warm start, expiry sweeps, optional leader election
 * and the {@code /metrics} endpoint, put together in the order that keeps counts right —
 * subscribe (holding lifecycle events back), replay the stream, apply what was held back, then
 * campaign and serve: {@code /metrics}, the fleet page at {@code /} and its API under
 * {@code /api/} (see docs/fleet.md). {@link #close()} stops everything but the connection, which the caller owns.
 */
public final class Tally implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tally.class);

    private final Builder settings;
    private final InstanceState state;
    private final PrometheusRegistry registry;
    private final TallyMetrics metrics;
    private final TallyRecorder recorder;
    private final EventFeed feed = new EventFeed();
    private final MachineEventRecorder machineEvents;
    private final HeldBackEvents heldBack;
    private Dispatcher dispatcher;
    private ScheduledExecutorService sweeper;
    private ElectionCampaign election;
    private MetricsServer http;
    private EventReplay.Result replayResult = new EventReplay.Result(false, 0, 0);
    private EventReplay following;
    private LostMessages lost;

    private Tally(Builder b) {
        this.settings = b;
        this.state = new InstanceState(b.campaign, b.clock);
        this.registry = b.registry != null ? b.registry : new PrometheusRegistry();
        this.metrics = new TallyMetrics(b.prefix, registry, state::active);
        this.recorder = new TallyRecorder(metrics, b.expiry, b.clock);
        this.machineEvents = new MachineEventRecorder(metrics);
        this.heldBack = new HeldBackEvents(this::recordLive);
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
        // a warm start from the stream compiles the same path on real events: no made-up ones then
        if (settings.warmup && !(settings.replay && EventStream.exists(settings.connection))) {
            LOG.info("Warmed up the ingest path in {} ms", IngestWarmup.run(IngestWarmup.EVENTS));
        }
        String lifecycleSubject = TallySubjects.lifecycle(settings.component);
        dispatcher = settings.connection.createDispatcher();
        if (!settings.stream) {
            dispatcher.subscribe(lifecycleSubject, heldBack::accept);
            dispatcher.setPendingLimits(EventSubscription.PENDING_MESSAGES, EventSubscription.PENDING_BYTES);
        }
        dispatcher.subscribe(TallySubjects.TRANSITION, m -> machineEvents.onTransitionMessage(m.getData()));
        dispatcher.subscribe(TallySubjects.EXEC_STATE, m -> machineEvents.onExecStateMessage(m.getData()));
        try {
            settings.connection.flush(Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new TallyException("cannot subscribe: " + e.getMessage(), e);
        }
        EventReplay reader = new EventReplay(settings.connection, recorder, lifecycleSubject,
                settings.replay ? settings.expiry.window() : Duration.ZERO, settings.clock);
        if (settings.stream) {
            LOG.info("Tallying {} from stream {} ({})", settings.component, EventReplay.STREAM, lifecycleSubject);
            replayResult = reader.follow(this::recordLive);
            following = reader;
        } else {
            LOG.info("Tallying {} on {}", settings.component, lifecycleSubject);
            if (settings.replay) {
                try {
                    replayResult = reader.run();
                } catch (TallyException e) {
                    // a warm start is an improvement, not a precondition: carry on with what was replayed
                    LOG.warn("Warm start failed, continuing with {} nodes known: {}", recorder.nodes(), e.getMessage());
                }
            }
            heldBack.release();
        }
        if (settings.campaign != null) {
            election = settings.election.connection(settings.connection).campaign(settings.campaign)
                    .onWon(() -> state.set(true)).onLost(() -> state.set(false)).build().start();
        }
        long every = settings.expiry.sweepInterval().toMillis();
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tally-expiry");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        lost = new LostMessages(settings.connection, dispatcher, metrics);
        sweeper.scheduleWithFixedDelay(lost, 1, 1, TimeUnit.SECONDS);
        if (settings.port >= 0) {
            FleetWeb web = new FleetWeb(new FleetSummary(metrics, recorder, state, settings.component, settings.expiry,
                    settings.clock), new NodeListing(recorder, settings.clock), feed, EventFeedResponse.lifetime());
            http = MetricsServer.start(settings.bind, settings.port, registry, web);
            LOG.info("Serving metrics on {}:{}/metrics and the fleet page on /", settings.bind == null ? "*" : settings.bind,
                    http.port());
        }
        return this;
    }

    private void sweep() {
        try {
            recorder.expire();
        } catch (RuntimeException e) {
            LOG.error("expiry sweep failed: {}", e.toString());
        }
    }

    public TallyRecorder recorder() {
        return recorder;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The HTTP port, or -1 when not serving. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    /** Whether this instance's series are {@code active="1"}. */
    public boolean active() {
        return state.active();
    }

    /** Live messages dropped so far because the tally could not keep up (also in {@code <prefix>_lost_events}). */
    public long lostMessages() {
        return lost == null ? 0 : lost.total();
    }

    public EventReplay.Result replayResult() {
        return replayResult;
    }

    @Override
    public void close() {
        if (election != null) {
            election.close();
        }
        if (following != null) {
            following.close();
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (dispatcher != null && settings.connection.getStatus() == Connection.Status.CONNECTED) {
            settings.connection.closeDispatcher(dispatcher);
        }
        if (http != null) {
            http.close();
        }
    }

    /**
     * Checks a metric name prefix.
     *
     * @throws TallyException unless it is a valid start of Prometheus metric names
     */
    public static String checkPrefix(String prefix) {
        if (prefix == null || !prefix.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new TallyException("invalid prefix '" + prefix + "': use letters, digits, _ and :, not starting with a digit");
        }
        return prefix;
    }

    /** Settings of a tally; {@link #start()} validates them and runs it. */
    public static final class Builder {
        private Connection connection;
        private String component = "*";
        private String prefix = "lifecycle_tally";
        private PrometheusRegistry registry;
        private ExpiryWindow expiry = ExpiryWindow.DEFAULT;
        private boolean replay = true;
        private boolean stream;
        private boolean warmup;
        private String bind;
        private int port = 8080;
        private String campaign;
        private ElectionCampaign.Builder election = ElectionCampaign.builder();
        private Clock clock = Clock.systemUTC();

        public Builder connection(Connection c) {
            this.connection = c;
            return this;
        }

        /** The component to tally, {@code *} (default) for all. */
        public Builder component(String c) {
            this.component = c;
            return this;
        }

        /** Metric name prefix; the library's default is {@code lifecycle_tally} like the reference library. */
        public Builder prefix(String p) {
            this.prefix = p;
            return this;
        }

        public Builder registry(PrometheusRegistry r) {
            this.registry = r;
            return this;
        }

        public Builder expireAfter(Duration d) {
            this.expiry = ExpiryWindow.of(d);
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
         * Whether lifecycle events are read from the broker's {@value EventReplay#STREAM} stream
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

        /** HTTP port (default 8080; 0 = any free port; negative = no HTTP server). */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** Takes part in this leader election campaign; without one every series is active. */
        public Builder election(String campaignName) {
            this.campaign = campaignName;
            return this;
        }

        /** Election tuning (candidate name, back-off, splay); connection and campaign are set by the tally. */
        public Builder electionSettings(ElectionCampaign.Builder b) {
            this.election = b;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * Starts the tally.
         *
         * @throws TallyException for invalid settings or when the broker, bucket, stream or port cannot be used
         */
        public Tally start() {
            Objects.requireNonNull(connection, "connection");
            TallySubjects.lifecycle(component);
            checkPrefix(prefix);
            if (port > 65535) {
                throw new TallyException("invalid port " + port + ": must be between 0 and 65535");
            }
            Tally tally = new Tally(this);
            try {
                return tally.start();
            } catch (RuntimeException e) {
                tally.close();
                throw e;
            }
        }
    }
}
