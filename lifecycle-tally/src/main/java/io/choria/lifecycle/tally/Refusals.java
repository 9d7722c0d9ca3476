package io.choria.lifecycle.tally;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Valid events a limit kept from being recorded in full ({@link NodeLimit}, {@link VersionLimit}):
 * counted per reason in {@code <prefix>_refused_events} (live events; the warm start's refusals
 * are in its own log lines), and summed up in one log line per {@value #LOG_EVERY_SECONDS}
 * seconds ({@link #run()}, scheduled by the tally), never a line per event: a flood of new
 * identities used to write a WARN per refused event, millions of lines in a minute.
 */
final class Refusals implements Runnable {
    static final int LOG_EVERY_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    /** Why an event was refused, as the {@code reason} label says it. */
    enum Reason {
        NODE_LIMIT("node_limit"), VERSION_LIMIT("version_limit");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    private final TallyMetrics metrics;
    private final Clock clock;
    private final NodeLimit nodeLimit;
    private final VersionLimit versionLimit;
    private final Map<Reason, LongAdder> total = new EnumMap<>(Reason.class);
    private final Map<Reason, LongAdder> unlogged = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicLong> lastMillis = new EnumMap<>(Reason.class);

    Refusals(TallyMetrics metrics, Clock clock, NodeLimit nodeLimit, VersionLimit versionLimit) {
        this.metrics = metrics;
        this.clock = clock;
        this.nodeLimit = nodeLimit;
        this.versionLimit = versionLimit;
        for (Reason r : Reason.values()) {
            total.put(r, new LongAdder());
            unlogged.put(r, new LongAdder());
            lastMillis.put(r, new AtomicLong(-1));
        }
    }

    /** One event refused; {@code live} false for the warm start's, which counters do not count. */
    void refused(Reason reason, String component, boolean live) {
        if (live) {
            metrics.refused(component, reason.label);
            unlogged.get(reason).increment(); // the warm start's refusals are in its own progress lines
        }
        total.get(reason).increment();
        lastMillis.get(reason).set(clock.millis());
    }

    /** Events refused for {@code reason} since the start, the warm start's included. */
    long total(Reason reason) {
        return total.get(reason).sum();
    }

    /** When an event was last refused for {@code reason}, or null. */
    Instant last(Reason reason) {
        long at = lastMillis.get(reason).get();
        return at < 0 ? null : Instant.ofEpochMilli(at);
    }

    /** Logs what was refused of the live events since the last call, if anything: one line. */
    @Override
    public void run() {
        String line = summary();
        if (line != null) {
            LOG.warn(line);
        }
    }

    /** The line {@link #run()} logs for what was refused since the last call, or null when nothing was. */
    String summary() {
        long nodes = unlogged.get(Reason.NODE_LIMIT).sumThenReset();
        long versions = unlogged.get(Reason.VERSION_LIMIT).sumThenReset();
        if (nodes == 0 && versions == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder("Refused ").append(nodes + versions).append(" events in the last ")
                .append(LOG_EVERY_SECONDS).append("s (counted in _refused_events, known nodes still update):");
        if (nodes > 0) {
            line.append(' ').append(nodes).append(" of new nodes beyond the node limit of ").append(nodeLimit.max())
                    .append(" (raise --max-nodes and the heap, docs/tally.md has the sizes)");
        }
        if (versions > 0) {
            line.append(nodes > 0 ? ";" : "").append(' ').append(versions).append(" naming versions beyond the limit of ")
                    .append(versionLimit.perComponent()).append(" per component (--max-versions), their nodes are counted in"
                    + " _version_limit_nodes");
        }
        return line.toString();
    }
}
