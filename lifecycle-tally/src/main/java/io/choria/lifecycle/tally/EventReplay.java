package io.choria.lifecycle.tally;

import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.nats.EventSubscription;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm start: rebuilds the node table from the {@value #STREAM} stream before the tally serves,
 * so a restart does not forget the fleet for up to an hour as the reference does. Reads the last
 * window of lifecycle events of the component through an ordered consumer and stops once caught
 * up; only the node table and the versions gauge change ({@link TallyRecorder#replay}).
 */
public final class EventReplay {
    /** The stream Choria Streams keeps lifecycle events in; the name lives with the transport. */
    public static final String STREAM = EventSubscription.EVENTS_STREAM;
    private static final Logger LOG = LoggerFactory.getLogger(EventReplay.class);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final Connection connection;
    private final TallyRecorder recorder;
    private final String subject;
    private final Duration window;
    private final Clock clock;

    /** Replays {@code subject} (a lifecycle subject, possibly with wildcards) for the last {@code window}. */
    public EventReplay(Connection connection, TallyRecorder recorder, String subject, Duration window, Clock clock) {
        this.connection = connection;
        this.recorder = recorder;
        this.subject = subject;
        this.window = window;
        this.clock = clock;
    }

    /** The outcome of a replay. */
    public record Result(boolean streamFound, long read, long used) {
    }

    /**
     * Replays until caught up; without the stream (or JetStream) it logs and returns at once.
     *
     * @throws TallyException when the stream exists but cannot be read
     */
    public Result run() {
        StreamInfo info = streamInfo();
        if (info == null) {
            LOG.info("Stream {} not found, starting with an empty node table", STREAM);
            return new Result(false, 0, 0);
        }
        ZonedDateTime start = clock.instant().minus(window).atZone(ZoneOffset.UTC);
        LOG.info("Replaying {} events of the last {} from stream {}", subject, GoDuration.format(window), STREAM);
        try {
            JetStream js = connection.jetStream();
            PushSubscribeOptions options = PushSubscribeOptions.builder().stream(STREAM).ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartTime)
                            .startTime(start).build()).build();
            JetStreamSubscription sub = js.subscribe(subject, options);
            try {
                return drain(sub);
            } finally {
                sub.unsubscribe();
            }
        } catch (IOException | JetStreamApiException e) {
            throw new TallyException("cannot replay stream " + STREAM + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TallyException("interrupted while replaying stream " + STREAM);
        }
    }

    private Result drain(JetStreamSubscription sub) throws InterruptedException, IOException, JetStreamApiException {
        long read = 0;
        long used = 0;
        long nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (true) {
            Message m = sub.nextMessage(QUIET);
            if (m == null) {
                if (sub.getConsumerInfo().getNumPending() == 0) {
                    break; // nothing (more) matched the filter in the window
                }
                continue;
            }
            read++;
            try {
                if (recorder.replay(Lifecycle.fromJson(m.getData()))) {
                    used++;
                }
            } catch (EventDecodeException e) {
                LOG.debug("skipping undecodable event {} during replay: {}", m.getSubject(), e.getMessage());
            }
            long pending = m.metaData().pendingCount();
            if (System.nanoTime() > nextLog) {
                LOG.info("Replayed {} events, {} pending, {} nodes known", read, pending, recorder.nodes());
                nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
            if (pending == 0) {
                break;
            }
        }
        LOG.info("Replay done: {} events read, {} used, {} nodes known", read, used, recorder.nodes());
        return new Result(true, read, used);
    }

    private StreamInfo streamInfo() {
        try {
            return connection.jetStreamManagement().getStreamInfo(STREAM);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404 || e.getErrorCode() == 503) {
                return null;
            }
            throw new TallyException("cannot look up stream " + STREAM + ": " + e.getMessage(), e);
        } catch (IOException e) {
            // no JetStream on this broker at all: a timeout or "no responders"
            LOG.debug("JetStream not available: {}", e.getMessage());
            return null;
        }
    }
}
