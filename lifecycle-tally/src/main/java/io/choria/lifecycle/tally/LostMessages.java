package io.choria.lifecycle.tally;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes messages the client library dropped visible: jnats drops live messages once the tally
 * falls behind by more than the pending limits, and then the counts are wrong. Polled every
 * second, the drops go into {@code <prefix>_lost_events} and, at most once per
 * {@value #LOG_EVERY_POLLS} polls, into one log line with the count: never a line per drop (a
 * burst used to write tens of thousands of "slow consumer" lines).
 *
 * <p>A tally that stops reading altogether (paused, swapped out, a long collection) loses at the
 * broker instead: once the broker's buffer for it is full it drops the connection as a slow
 * consumer, and what it did not deliver is not known here. Those reconnects count in
 * {@code <prefix>_reconnects} and get a log line each, naming {@code --stream} as the remedy.
 */
final class LostMessages implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LostMessages.class);
    static final int LOG_EVERY_POLLS = 10;

    private final Consumer consumer;
    private final Connection connection;
    private long reconnects;
    private final TallyMetrics metrics;
    private long seen;
    private long unlogged;
    private int polls;

    LostMessages(Connection connection, Consumer consumer, TallyMetrics metrics) {
        this.connection = connection;
        this.reconnects = connection.getStatistics().getReconnects();
        this.consumer = consumer;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        long r = connection.getStatistics().getReconnects();
        if (r > reconnects) {
            metrics.reconnects(r - reconnects);
            LOG.warn("The connection to the broker was lost and made again ({} times so far): live events published"
                    + " meanwhile were missed; --stream reads them from the broker's stream without loss", r);
            reconnects = r;
        }
        long dropped = consumer.getDroppedCount();
        long fresh = dropped - seen;
        seen = dropped;
        if (fresh > 0) {
            metrics.lostEvents(fresh);
            unlogged += fresh;
        }
        if (++polls >= LOG_EVERY_POLLS) {
            polls = 0;
            if (unlogged > 0) {
                LOG.warn("Lost {} messages in the last {}s because the tally could not keep up ({} in all);"
                        + " --stream reads lifecycle events from the broker's stream without loss", unlogged,
                        LOG_EVERY_POLLS, dropped);
                unlogged = 0;
            }
        }
    }

    /** Messages dropped so far. */
    long total() {
        return consumer.getDroppedCount();
    }
}
