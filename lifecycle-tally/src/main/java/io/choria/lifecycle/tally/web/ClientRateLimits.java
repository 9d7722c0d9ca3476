package io.choria.lifecycle.tally.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code rate_limit} applied per client and per kind of request, where the exporter-toolkit has
 * one bucket for the whole port: each client address ({@link ClientKey}) has one bucket for
 * scrapes ({@code /metrics}, {@code /-/healthy}, {@code /-/ready}) and one for the fleet page, its
 * API and feed. So open fleet pages cannot use up the allowance of the Prometheus that scrapes
 * from the same address, and one busy client cannot starve another. The buckets of at most
 * {@value #MAX_CLIENTS} clients are kept, the least recently seen dropped first: a dropped client
 * starts again with a full bucket, which is what an idle one would have anyway.
 */
final class ClientRateLimits {
    static final int MAX_CLIENTS = 4096;
    private final WebConfig.RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, RateLimiter> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    ClientRateLimits(WebConfig.RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    WebConfig.RateLimit limit() {
        return limit;
    }

    /** Whether a request of {@code client} may pass now; a scrape draws on its own bucket. */
    boolean allow(String client, boolean scrape) {
        RateLimiter bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent((scrape ? "scrape " : "page ") + client,
                    k -> new RateLimiter(limit, nanoTime));
        }
        return bucket.allow();
    }
}
