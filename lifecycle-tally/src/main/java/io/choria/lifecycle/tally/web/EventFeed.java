package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.nats.EventViewer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The live feed behind {@code GET /api/events}: lifecycle events as the tally receives them,
 * thinned to at most {@value #MAX_PER_SECOND} a second (bursts of up to {@value #BURST}) so a
 * storm of events cannot swamp a browser. What is thinned out is counted, and streams report the
 * count. The last {@value #RECENT} events sent are kept with increasing ids, so a stream that
 * reconnects with {@code Last-Event-ID} misses nothing that was sent.
 *
 * <p>{@link #offer} runs on the ingest path for every event: a thinned-out event costs a clock
 * read and a compare, and is never decoded; only the few let through are decoded and written
 * in the {@code view --json} shape ({@link EventViewer#json}). It never blocks on a slow client:
 * each stream has a bounded queue, and a full queue loses events (counted as thinned) instead.
 */
public final class EventFeed {
    static final int MAX_PER_SECOND = 20;
    public static final int BURST = 20;
    static final int RECENT = 100;
    /** Events a fresh stream (no {@code Last-Event-ID}) starts with, so the page has something to show. */
    static final int BACKLOG = 20;
    /** Open streams at most; each holds an HTTP thread. */
    static final int MAX_STREAMS = 32;
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(1) / MAX_PER_SECOND;
    private static final long TOLERANCE = (BURST - 1) * INTERVAL;

    private final LongSupplier nanoTime;
    private final LongAdder thinned = new LongAdder();
    private final Object lock = new Object();
    private final ArrayDeque<FeedEvent> recent = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** Events arriving before this (System.nanoTime) are thinned out: the GCRA's arrival time less the burst tolerance. */
    private volatile long allowedFrom;
    private long arrival;
    private long lastId;

    public EventFeed() {
        this(System::nanoTime);
    }

    EventFeed(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.arrival = nanoTime.getAsLong();
        this.allowedFrom = arrival - TOLERANCE;
    }

    /** One event sent to streams: its id and its JSON line. */
    record FeedEvent(long id, String json) {
    }

    /** A lifecycle message the tally has just processed (its raw body, as received). */
    public void offer(byte[] body) {
        long now = nanoTime.getAsLong();
        if (now - allowedFrom < 0) {
            thinned.increment();
            return;
        }
        synchronized (lock) {
            if (now - allowedFrom < 0) {
                thinned.increment();
                return;
            }
            arrival = (arrival - now < 0 ? now : arrival) + INTERVAL;
            allowedFrom = arrival - TOLERANCE;
        }
        String json;
        try {
            json = EventViewer.json(Lifecycle.fromJson(body));
        } catch (EventDecodeException e) {
            return; // the recorder has counted it as a process error
        }
        synchronized (lock) {
            FeedEvent e = new FeedEvent(++lastId, json);
            recent.addLast(e);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
            for (Subscription s : subscriptions) {
                s.offer(e);
            }
        }
    }

    /** Events thinned out (or lost to a full stream queue) since the feed started. */
    long thinned() {
        return thinned.sum();
    }

    /**
     * Opens a stream's subscription, starting with the kept events after {@code lastEventId}, or
     * with the last {@value #BACKLOG} when it is null or not among them (e.g. from before a restart).
     *
     * @return null when {@value #MAX_STREAMS} streams are open already
     */
    Subscription subscribe(Long lastEventId) {
        synchronized (lock) {
            if (subscriptions.size() >= MAX_STREAMS) {
                return null;
            }
            Subscription s = new Subscription();
            boolean resumable = lastEventId != null && !recent.isEmpty()
                    && lastEventId >= recent.peekFirst().id() - 1 && lastEventId <= lastId;
            int skip = resumable ? 0 : Math.max(0, recent.size() - BACKLOG);
            for (FeedEvent e : recent) {
                if (skip > 0) {
                    skip--;
                } else if (!resumable || e.id() > lastEventId) {
                    s.offer(e);
                }
            }
            subscriptions.add(s);
            return s;
        }
    }

    /** One stream's view of the feed; close it when the stream ends. */
    final class Subscription implements AutoCloseable {
        private final BlockingQueue<FeedEvent> queue = new ArrayBlockingQueue<>(RECENT + 2 * BURST);
        private long thinnedReported = thinned.sum();

        private void offer(FeedEvent e) {
            if (!queue.offer(e)) {
                thinned.increment();
            }
        }

        /** The next event, waiting up to {@code timeoutMillis}; null when none came. */
        FeedEvent poll(long timeoutMillis) throws InterruptedException {
            return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }

        /** How many events were thinned out since this was last asked (feed-wide: what a viewer did not see). */
        long newlyThinned() {
            long now = thinned.sum();
            long n = now - thinnedReported;
            thinnedReported = now;
            return n;
        }

        @Override
        public void close() {
            synchronized (lock) {
                subscriptions.remove(this);
            }
        }
    }
}
