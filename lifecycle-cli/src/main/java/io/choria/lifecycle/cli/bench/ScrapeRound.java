package io.choria.lifecycle.cli.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** One round of {@code bench scrape}: events offered on one thread, scrapes timed on this one. */
final class ScrapeRound {
    private static final Pattern LOST = Pattern.compile("(?m)^choria_tally_lost_events\\{[^}]*} (\\S+)$");
    private final ScrapeTarget tally;
    private final SteadyPublisher events;
    private final long rate;
    private final int seconds;
    private final int everyMillis;

    /** Latencies, and what the load achieved: the rate offered and what the tally lost of it. */
    record Result(int scrapes, double p50Millis, double p99Millis, double maxMillis, int overOneSecond,
                  double offeredRate, long lost) {
    }

    ScrapeRound(ScrapeTarget tally, SteadyPublisher events, long rate, int seconds, int everyMillis) {
        this.tally = tally;
        this.events = events;
        this.rate = rate;
        this.seconds = seconds;
        this.everyMillis = everyMillis;
    }

    Result run() throws IOException, InterruptedException {
        // a first scrape opens the connection (and the TLS session), as Prometheus keeps one
        long lostBefore = lost(scrape());
        AtomicReference<SteadyPublisher.Offer> offered = new AtomicReference<>();
        Thread load = new Thread(() -> offered.set(events.offer(rate * seconds, rate)), "bench-load");
        load.start();
        List<Double> millis = new ArrayList<>();
        String last = "";
        while (load.isAlive()) {
            long start = System.nanoTime();
            last = scrape();
            millis.add((System.nanoTime() - start) / 1e6);
            Thread.sleep(everyMillis);
        }
        load.join();
        Thread.sleep(2000); // what the tally still had queued is counted or dropped by now
        last = scrape();
        Collections.sort(millis);
        return new Result(millis.size(), percentile(millis, 0.50), percentile(millis, 0.99),
                millis.isEmpty() ? 0 : millis.get(millis.size() - 1), (int) millis.stream().filter(m -> m > 1000).count(),
                offered.get() == null ? 0 : offered.get().rate(), lost(last) - lostBefore);
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = tally.client().send(tally.request(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("a scrape answered " + r.statusCode());
        }
        byte[] body = r.body();
        if ("gzip".equals(r.headers().firstValue("Content-Encoding").orElse(""))) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static long lost(String metrics) {
        Matcher m = LOST.matcher(metrics);
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }
}
