package io.choria.lifecycle.tally;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.EventStream;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tally's lifecycle events from the {@value #STREAM} stream ({@link EventStream}).
 *
 * <p>Warm start: the last window of the component's events rebuilds the node table before the
 * tally serves, so a restart does not forget the fleet for up to an hour as the reference does;
 * only the node table and the versions gauge change ({@link TallyRecorder#replay}).
 *
 * <p>Following (the stream mode): after the warm start the reader stays open and events the
 * stream stores from then on are recorded as live ones. The broker hands them out as the tally
 * asks for them, so a burst makes the tally lag instead of lose, and after a broker restart
 * reading resumes where it was.
 */
final class EventReplay implements AutoCloseable {
    /** The stream Choria Streams keeps lifecycle events in; the name lives with the transport. */
    static final String STREAM = EventStream.NAME;
    private static final Logger LOG = LoggerFactory.getLogger(EventReplay.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** A warm start that reads nothing for this long is given up (the tally carries on with what it has). */
    private static final Duration STALLED = Duration.ofSeconds(30);

    private final Connection connection;
    private final TallyRecorder recorder;
    private final String subject;
    private final Duration window;
    private final Clock clock;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong used = new AtomicLong();
    private EventStream stream;

    /** Replays {@code subject} (a lifecycle subject, possibly with wildcards) for the last {@code window}. */
    EventReplay(Connection connection, TallyRecorder recorder, String subject, Duration window, Clock clock) {
        this.connection = connection;
        this.recorder = recorder;
        this.subject = subject;
        this.window = window;
        this.clock = clock;
    }

    /** The outcome of a warm start. */
    record Result(boolean streamFound, long read, long used) {
    }

    /**
     * Replays until caught up, then stops reading; without the stream (or JetStream) it logs and
     * returns at once.
     *
     * @throws LifecycleException when the stream exists but cannot be read
     */
    Result run() {
        if (!EventStream.exists(connection)) {
            LOG.info("Stream {} not found, starting with an empty node table", STREAM);
            return new Result(false, 0, 0);
        }
        try {
            return start(null);
        } finally {
            close();
        }
    }

    /**
     * Replays until caught up and goes on handing new events to {@code live} until closed.
     *
     * @throws LifecycleException when the stream does not exist or cannot be read
     */
    Result follow(Consumer<Message> live) {
        if (!EventStream.exists(connection)) {
            throw new LifecycleException(Reason.STREAM_MISSING, "reading lifecycle events from the stream needs the JetStream stream " + STREAM
                    + ", which the broker does not have (see docs/tally.md for how to create it)");
        }
        return start(live);
    }

    /** {@code live} null: a warm start only. */
    private Result start(Consumer<Message> live) {
        boolean following = live != null;
        LOG.info("Replaying {} events of the last {} from stream {}{}", subject, GoDuration.format(window), STREAM,
                following ? ", then following it" : "");
        stream = EventStream.read(connection, subject, clock.instant().minus(window), (m, isLive) -> {
            if (isLive && following) {
                live.accept(m);
            } else {
                replay(m);
            }
        });
        awaitCaughtUp();
        LOG.info("Replay done: {} events read, {} used, {} nodes known{}", read.get(), used.get(), recorder.nodes(),
                refusedSoFar());
        return new Result(true, read.get(), used.get());
    }

    /** What the limits refused so far, for the replay's log lines: a stream full of new identities fills the table only up to its limit. */
    private String refusedSoFar() {
        long nodes = recorder.refusals().total(Refusals.Reason.NODE_LIMIT);
        long versions = recorder.refusals().total(Refusals.Reason.VERSION_LIMIT);
        return nodes == 0 && versions == 0 ? "" : "; refused " + nodes + " events of new nodes beyond the node limit of "
                + recorder.nodeLimit().max() + " and " + versions + " naming versions beyond the version limit";
    }

    private void replay(Message m) {
        read.incrementAndGet();
        try {
            if (recorder.replay(Lifecycle.fromJson(m.getData()))) {
                used.incrementAndGet();
            }
        } catch (EventDecodeException e) {
            LOG.debug("skipping undecodable event {} during replay: {}", m.getSubject(), e.getMessage());
        }
    }

    /**
     * Waits for the stream to catch up, logging progress; gives up (with a warning) when reading
     * stalls. An interrupt surfaces as the stream's {@code LifecycleException} (INTERRUPTED).
     */
    private void awaitCaughtUp() {
        long lastRead = -1;
        long stalledSince = System.nanoTime();
        while (!stream.awaitCaughtUp(PROGRESS_EVERY)) {
            long now = read.get();
            if (now != lastRead) {
                lastRead = now;
                stalledSince = System.nanoTime();
                LOG.info("Replayed {} events, {} nodes known{}", now, recorder.nodes(), refusedSoFar());
            } else if (System.nanoTime() - stalledSince > STALLED.toNanos()) {
                LOG.warn("Replay stalled after {} events for {}; carrying on with {} nodes known", now,
                        GoDuration.format(STALLED), recorder.nodes());
                return;
            }
        }
    }

    /** Stops reading the stream. */
    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
