package io.choria.lifecycle.nats.election;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * How long a leader may go on leading after it sent the last create or update of its key that
 * went through: the key expires no earlier than the bucket's TTL after that, so another candidate
 * cannot win before; a tenth of the TTL less leaves room for scheduling and a server's clock.
 * Past it a leader must stand down even while its next update still waits for an answer: in a
 * partition the connection looks fine and the request times out only after seconds, by when
 * another candidate may lead.
 *
 * <p>Not thread-safe: the campaign renews and checks it under its own lock.
 */
final class LeaderLease implements AutoCloseable {
    private final long lengthNanos;
    private final ScheduledExecutorService timer;
    private final ElectionClock clock;
    private long deadline;

    LeaderLease(Duration ttl, String campaign, ElectionClock clock) {
        this.lengthNanos = ttl.minus(ttl.dividedBy(10)).toNanos();
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "election-lease-" + campaign);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a lease from {@code sentAt} (the clock's nano time when the request that went
     * through was sent); {@code ended} gets its deadline when it is over, to check with {@link #isCurrent}.
     */
    void renew(long sentAt, LongConsumer ended) {
        long end = sentAt + lengthNanos;
        deadline = end;
        timer.schedule(() -> ended.accept(end), end - clock.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Whether the lease ending at {@code end} is the last one given, i.e. it was not renewed since. */
    boolean isCurrent(long end) {
        return deadline == end;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
