package io.choria.lifecycle.tally;

import io.nats.client.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes messages the client library dropped visible: jnats drops live messages once the tally
 * falls behind by more than the pending limits, and then the counts are wrong. Polled every
 * second, the drops go into {@code <prefix>_lost_events} and, at most once per
 * {@value #LOG_EVERY_POLLS} polls, into one log line with the count: never a line per drop (a
 * burst used to write tens of thousands of "slow consumer" lines).
 */
final class LostMessages implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LostMessages.class);
    static final int LOG_EVERY_POLLS = 10;

    private final Consumer consumer;
    private final TallyMetrics metrics;
    private long seen;
    private long unlogged;
    private int polls;

    LostMessages(Consumer consumer, TallyMetrics metrics) {
        this.consumer = consumer;
        this.metrics = metrics;
    }

    @Override
    public void run() {
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
