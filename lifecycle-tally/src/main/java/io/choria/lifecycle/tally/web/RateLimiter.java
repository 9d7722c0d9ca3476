package io.choria.lifecycle.tally.web;

import java.util.function.LongSupplier;

/**
 * {@code rate_limit} as the exporter-toolkit applies it with Go's {@code rate.Limiter}: a bucket
 * of {@code burst} tokens, one more every {@code interval}, one taken per request; a request that
 * finds none is answered 429. With {@code burst} 0 nothing passes, as in Go. One bucket of a
 * client ({@link ClientRateLimits}).
 */
final class RateLimiter {
    private final long intervalNanos;
    private final int burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    RateLimiter(WebConfig.RateLimit limit, LongSupplier nanoTime) {
        this.intervalNanos = Math.max(1, limit.interval().toNanos());
        this.burst = limit.burst();
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    synchronized boolean allow() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (double) (now - last) / intervalNanos);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
