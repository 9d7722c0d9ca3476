package io.choria.lifecycle.tally;

import io.nats.client.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds live lifecycle messages back while the warm start replays the stream, then applies them
 * in arrival order and lets later ones straight through: nothing received during the replay is
 * lost, and nothing is applied before the table it changes has been rebuilt.
 *
 * <p>Up to a limit: what arrives while the replay runs is held in the heap, and a tally restarted
 * into a flood (a replay of millions of events takes most of a minute, at 100,000 events a second
 * live) would die of it before serving, and again after each restart. So at most as many messages
 * and bytes as the client library itself holds for a subscription that falls behind are held; the
 * rest is dropped, counted in {@code <prefix>_lost_events} and named in one log line at release.
 */
final class HeldBackEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HeldBackEvents.class);

    private final Consumer<Message> apply;
    private final int maxMessages;
    private final long maxBytes;
    private final LongConsumer dropped;
    private final List<Message> held = new ArrayList<>();
    private long heldBytes;
    private long droppedCount;
    private boolean open;

    /** Holds back without a limit (for tests of the order). */
    HeldBackEvents(Consumer<Message> apply) {
        this(apply, Integer.MAX_VALUE, Long.MAX_VALUE, n -> { });
    }

    /** Holds back at most {@code maxMessages} and {@code maxBytes} of message data; {@code dropped} counts the rest. */
    HeldBackEvents(Consumer<Message> apply, int maxMessages, long maxBytes, LongConsumer dropped) {
        this.apply = apply;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.dropped = dropped;
    }

    void accept(Message m) {
        synchronized (held) {
            if (!open) {
                int bytes = m.getData() == null ? 0 : m.getData().length;
                if (held.size() >= maxMessages || heldBytes + bytes > maxBytes) {
                    droppedCount++;
                    dropped.accept(1);
                    return;
                }
                heldBytes += bytes;
                held.add(m);
                return;
            }
        }
        apply.accept(m);
    }

    /** Applies what was held back and opens the gate. */
    void release() {
        synchronized (held) {
            held.forEach(apply);
            held.clear();
            heldBytes = 0;
            open = true;
            if (droppedCount > 0) {
                LOG.warn("Lost {} live messages that arrived during the warm start beyond the {} messages or {} MB held"
                        + " back meanwhile (counted in _lost_events)", droppedCount, maxMessages, maxBytes >> 20);
            }
        }
    }

    /** Messages dropped while holding back. */
    long dropped() {
        synchronized (held) {
            return droppedCount;
        }
    }
}
