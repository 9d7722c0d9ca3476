package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.GovernorEvent;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.VersionedEvent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tally's counting without the network: feed it lifecycle messages or events from any source
 * (your own consumer, a file) and it keeps the node table and the tally's metrics as a running
 * {@link Tally} does; {@link Tally#recorder()} is the one a tally runs on.
 *
 * <p>The tally's update rules for lifecycle events (docs/protocol.md, "What the tally
 * does with them"): turns received messages into node table changes and metric updates; machine events
 * are the {@link MachineEventRecorder}'s. No input stops it: every
 * message that cannot be used is counted in {@code process_errors} and logged. Valid events beyond
 * a limit ({@link NodeLimit}, {@link VersionLimit}) are not errors: they count in good events and in
 * {@code refused_events} ({@link Refusals}).
 *
 * <p>Thread-safe: one fair lock guards the table, so the expiry sweeper, which takes it for a
 * bounded chunk at a time, never holds up event processing for long.
 */
public final class TallyRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(TallyRecorder.class);
    /** Lines about bad input, a few per interval: a flood of garbage must not flood the log (each is a process error). */
    private final WarningThrottle badInput = new WarningThrottle(LOG);
    /** Nodes forgotten per lock hold: a few milliseconds of work at most. */
    static final int EXPIRY_CHUNK = 4096;

    private final TallyMetrics metrics;
    private final NodeTable table;
    private final VersionLimit versionLimit;
    private final Refusals refusals;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock(true);

    /**
     * A recorder whose metrics are named {@code <prefix>_...} in {@code registry}, forgetting nodes
     * not seen for {@code expireAfter}; nothing sweeps on its own, call {@link #expire()} for that.
     *
     * @throws LifecycleException for a prefix that cannot start metric names, or an expiry outside 1s to 720h
     */
    public static TallyRecorder create(String prefix, PrometheusRegistry registry, Duration expireAfter) {
        return create(prefix, registry, expireAfter, defaultMaxNodes(), VersionLimit.DEFAULT_PER_COMPONENT);
    }

    /**
     * A recorder as {@link #create(String, PrometheusRegistry, Duration)} makes one, tracking at most
     * {@code maxNodes} nodes and exposing at most {@code maxVersions} versions per component.
     *
     * @throws LifecycleException also for limits out of range
     */
    public static TallyRecorder create(String prefix, PrometheusRegistry registry, Duration expireAfter, int maxNodes,
                                       int maxVersions) {
        return new TallyRecorder(new TallyMetrics(TallyMetrics.checkPrefix(prefix), registry, () -> true),
                ExpiryWindow.of(expireAfter), Clock.systemUTC(), maxNodes, maxVersions);
    }

    /** The node limit a tally has by default in this JVM: what its heap ({@code -Xmx}) holds with room to spare. */
    public static int defaultMaxNodes() {
        return NodeLimit.defaultForThisJvm();
    }

    TallyRecorder(TallyMetrics metrics, ExpiryWindow window, Clock clock) {
        this(metrics, window, clock, defaultMaxNodes(), VersionLimit.DEFAULT_PER_COMPONENT);
    }

    TallyRecorder(TallyMetrics metrics, ExpiryWindow window, Clock clock, int maxNodes, int maxVersions) {
        this.metrics = metrics;
        this.clock = clock;
        NodeLimit nodeLimit = new NodeLimit(maxNodes);
        this.table = new NodeTable(window, clock.millis(), nodeLimit);
        this.versionLimit = new VersionLimit(maxVersions, metrics::removeVersion);
        this.refusals = new Refusals(metrics, clock, nodeLimit, versionLimit);
    }

    /** A message received on a lifecycle subject, in either wire format. */
    public void onLifecycleMessage(String subject, byte[] body) {
        LifecycleEvent event;
        try {
            event = Lifecycle.fromJson(body);
        } catch (EventDecodeException e) {
            String component = lastToken(subject);
            badInput.warn("could not process event on {}: {}", subject, e.getMessage());
            metrics.processError(component);
            return;
        }
        record(event);
    }

    /** A live lifecycle event: counted, timed, then applied to the node table. */
    public void record(LifecycleEvent event) {
        long start = System.nanoTime();
        String component = event.component();
        ComponentSeries series = metrics.series(component);
        lock.lock();
        try {
            series.eventType(event.type()).inc();
            apply(event, clock.millis(), true);
            if (event instanceof GovernorEvent g) {
                metrics.governor(component, g.governor(), g.stageName());
            }
            series.goodEvents().inc();
        } catch (LifecycleException e) {
            badInput.warn("could not process event from {}: {}", event.identity(), e.getMessage());
            metrics.processError(component);
        } finally {
            lock.unlock();
            series.processingTime().observe((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * An event replayed from the stream at start: only the node table and the versions gauge
     * change, "last seen" is the event's own time, and events older than the window are ignored.
     *
     * @return whether the event was used (false also for a new node the node limit had no place for)
     */
    boolean replay(LifecycleEvent event) {
        long now = clock.millis();
        long seen = Math.min(now, event.timestamp().toEpochMilli());
        if (now - seen >= table.window().length().toMillis()) {
            return false;
        }
        lock.lock();
        try {
            return apply(event, seen, false);
        } catch (LifecycleException e) {
            badInput.warn("could not replay event from {}: {}", event.identity(), e.getMessage());
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code live} false for the warm start's events, whose refusals only the log lines count.
     *
     * @return false for a new node the node limit had no place for
     */
    private boolean apply(LifecycleEvent event, long seenAt, boolean live) {
        String component = event.component();
        String identity = event.identity();
        switch (event.type()) {
            case ALIVE -> {
                String version = versionLimit.admit(component, ((VersionedEvent) event).version());
                String previous = table.put(component, identity, version, seenAt);
                if (!tracked(previous, component, version, live)) {
                    return false;
                }
                if (previous == null) {
                    versionChange(component, version, 1);
                } else if (!previous.equals(version)) {
                    versionChange(component, previous, -1);
                    versionChange(component, version, 1);
                }
            }
            case STARTUP -> {
                String version = versionLimit.admit(component, ((VersionedEvent) event).version());
                String previous = table.put(component, identity, version, seenAt);
                if (!tracked(previous, component, version, live)) {
                    return false;
                }
                if (previous != null) {
                    versionChange(component, previous, -1);
                }
                versionChange(component, version, 1);
            }
            case SHUTDOWN -> {
                String previous = table.remove(component, identity);
                if (previous != null) {
                    versionChange(component, previous, -1);
                }
            }
            default -> {
                // provisioned, upgraded and governor events do not change the table
            }
        }
        return true;
    }

    /**
     * Counts what a limit refused of a put that returned {@code previous}: a new node without a
     * place (only that: whether its version would have been exposed does not matter for a node not
     * tracked), or a tracked node's version not exposed.
     *
     * @return whether the node is tracked
     */
    private boolean tracked(String previous, String component, String version, boolean live) {
        if (previous == NodeTable.REFUSED) {
            refusals.refused(Refusals.Reason.NODE_LIMIT, component, live);
            return false;
        }
        if (VersionLimit.overLimit(version)) {
            refusals.refused(Refusals.Reason.VERSION_LIMIT, component, live);
        }
        return true;
    }

    /** A node moved onto or off a version: its series, or {@code _version_limit_nodes} for a version not exposed. */
    private void versionChange(String component, String version, long delta) {
        if (VersionLimit.overLimit(version)) {
            metrics.versionLimitNodes(component, delta);
        } else {
            versionLimit.change(component, version, delta);
            metrics.versionChange(component, version, delta);
        }
    }

    /**
     * Forgets every node not seen within the window, a bounded chunk per lock hold.
     *
     * @return how many nodes were forgotten
     */
    public int expire() {
        int total = 0;
        while (true) {
            List<ExpiredNodes> expired;
            lock.lock();
            try {
                expired = table.expire(clock.millis(), EXPIRY_CHUNK);
                for (ExpiredNodes e : expired) {
                    versionChange(e.component(), e.version(), -e.count());
                    metrics.nodesExpired(e.component(), e.count());
                }
            } finally {
                lock.unlock();
            }
            int chunk = expired.stream().mapToInt(ExpiredNodes::count).sum();
            total += chunk;
            if (chunk < EXPIRY_CHUNK) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("Removed {} nodes that have not been seen in {}", total, GoDuration.format(table.window().length()));
        }
        return total;
    }

    /** The version a node is recorded with, or null. */
    public String version(String component, String identity) {
        lock.lock();
        try {
            return table.version(component, identity);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code reader} on the node table under the table's lock. For readers that take a
     * bounded chunk at a time ({@link NodeListing}): every event waits while it runs.
     */
    <T> T readTable(Function<NodeTable, T> reader) {
        lock.lock();
        try {
            return reader.apply(table);
        } finally {
            lock.unlock();
        }
    }

    /** What the limits refused; the tally logs its summary once per interval. */
    Refusals refusals() {
        return refusals;
    }

    /** The node limit and how much of it is used, read under the table's lock. */
    NodeLimitState nodeLimit() {
        lock.lock();
        try {
            return new NodeLimitState(table.limit().max(), table.limit().used(), table.size());
        } finally {
            lock.unlock();
        }
    }

    /** The node limit's maximum and used places, and the nodes tracked, at one moment. */
    record NodeLimitState(int max, int used, int nodes) {
    }

    int maxVersionsPerComponent() {
        return versionLimit.perComponent();
    }

    /** How many nodes are known. */
    public int nodes() {
        lock.lock();
        try {
            return table.size();
        } finally {
            lock.unlock();
        }
    }

    static String lastToken(String subject) {
        int dot = subject.lastIndexOf('.');
        return dot < 0 ? subject : subject.substring(dot + 1);
    }
}
