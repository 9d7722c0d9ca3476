package io.choria.lifecycle.tally.web;

/** Where the tally is in its start, for its port: whether it serves, and whether it is ready to be scraped. */
public interface Readiness {
    /** Why the tally is not ready to be scraped ({@code /-/ready} answers 503 with it), or null when it is. */
    String notReadyBecause();

    /**
     * Why the tally has nothing to serve yet (it waits for a broker, its warm start runs), or
     * null once it counts: until then every path but {@code /-/healthy} and {@code /-/ready}
     * answers 503 with this reason, so that a scrape fails (Prometheus' {@code up} is 0) as
     * it did while the port was not open yet, rather than storing an empty or half-replayed
     * fleet. Null by default: serving as soon as the port is open.
     */
    default String notServingBecause() {
        return null;
    }
}
