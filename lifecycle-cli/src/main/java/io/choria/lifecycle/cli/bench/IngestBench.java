package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.nats.client.Connection;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench ingest}: how fast events can arrive over a real broker before a receiver loses one.
 * One nats-server on loopback; a publisher offering pre-encoded events at stepped steady rates;
 * each receiver in its own JVM in turn (the bare subscriber that only counts, which is the limit;
 * the tally; the viewer writing to a null sink). Each gets {@code events} per step, the rate
 * doubling until it loses an event, then halving the gap between the last lossless and the first
 * lossy rate a few times. Also measured, for information: each receiver's rate with the publisher
 * unthrottled, the tally's peak resident memory, and what a tally started cold loses when offered
 * the rate a warm one holds.
 */
final class IngestBench {
    static final List<String> RECEIVERS = List.of("raw", "tally", "view");
    /** A receiver that makes no progress for this long has lost what is missing. */
    private static final long SETTLE_NANOS = 3_000_000_000L;
    /** A publisher more than this far under its target rate has reached its own limit. */
    private static final double PUBLISHER_SHORTFALL = 0.95;

    record Settings(long events, long startRate, long maxRate, int refinements) {
    }

    /** One receiver's results. */
    record Receiver(String kind, long losslessRate, boolean publisherLimited, long peakRate, long peakLost,
                    long peakRssBytes) {
    }

    /** One step: what was offered, at what rate, and what the receiver did with it. */
    private record Step(long rate, double achieved, long lost, long dropped) {
        boolean lossless() {
            return lost == 0 && dropped == 0;
        }
    }

    private final Settings settings;
    private final PrintStream progress;

    IngestBench(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs every receiver: {@code receivers} (kind → {@link Receiver}, in the order of
     * {@link #RECEIVERS}), {@code tally_cold_lost} and {@code tally_cold_rate}.
     */
    Map<String, Object> run() {
        Map<String, Object> results = new LinkedHashMap<>();
        try (NatsServerProcess nats = NatsServerProcess.builder().purpose("bench").progress(progress).jetStream(true).start();
             Connection connection = NatsConnector.connect(ConnectionSettings.builder().server(nats.url())
                     .name("bench-publisher").build())) {
            SteadyPublisher publisher = new SteadyPublisher(connection);
            say("nats-server %s; events of %d bytes on average, %,d per step", nats.url(), publisher.meanEventBytes(),
                    settings.events());
            Map<String, Receiver> measured = new LinkedHashMap<>();
            for (String kind : RECEIVERS) {
                measured.put(kind, measure(kind, nats.url(), publisher));
            }
            long tallyRate = measured.get("tally").losslessRate();
            results.put("receivers", measured);
            results.put("tally_cold_lost", coldTally(nats.url(), publisher, tallyRate));
            results.put("tally_cold_rate", tallyRate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        return results;
    }

    /** Only what a tally started cold loses at {@code rate}. */
    long coldOnly(long rate) {
        try (NatsServerProcess nats = NatsServerProcess.builder().purpose("bench").progress(progress).jetStream(true).start();
             Connection connection = NatsConnector.connect(ConnectionSettings.builder().server(nats.url())
                     .name("bench-publisher").build())) {
            return coldTally(nats.url(), new SteadyPublisher(connection), rate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private Receiver measure(String kind, String server, SteadyPublisher publisher) {
        ReceiverProcess r = warm(ReceiverProcess.start(kind, server), publisher);
        long good = 0;
        long bad = -1;
        boolean limited = false;
        try {
            for (long rate = settings.startRate(); rate <= settings.maxRate(); rate *= 2) {
                Step s = step(r, publisher, rate);
                if (!s.lossless()) {
                    bad = Math.min(rate, (long) s.achieved()); // it lost at the rate actually offered
                    break;
                }
                if (s.achieved() < rate * PUBLISHER_SHORTFALL) {
                    limited = true; // the publisher could offer no more (on 2 cores, it shares them)
                    good = Math.max(good, (long) s.achieved());
                    break;
                }
                good = rate;
            }
            for (int i = 0; i < settings.refinements() && bad > good && bad - good > settings.startRate() / 10; i++) {
                if (r == null) {
                    r = warm(ReceiverProcess.start(kind, server), publisher); // a loss may have cost it its connection
                }
                long mid = (good + bad) / 2;
                Step s = step(r, publisher, mid);
                if (!s.lossless()) {
                    bad = Math.min(mid, (long) s.achieved());
                    r.close();
                    r = null;
                } else if (s.achieved() < mid * PUBLISHER_SHORTFALL) {
                    limited = true;
                    good = Math.max(good, (long) s.achieved());
                    break;
                } else {
                    good = mid;
                }
            }
            if (r == null) {
                r = warm(ReceiverProcess.start(kind, server), publisher);
            }
            long[] peak = peak(r, publisher);
            long rss = r.peakRssBytes();
            say("%s: lossless up to %,d ev/s%s; unthrottled %,d ev/s (%,d lost); peak RSS %,d MB", kind, good,
                    limited ? " (the publisher's limit)" : "", peak[0], peak[1], rss / (1024 * 1024));
            return new Receiver(kind, good, limited, peak[0], peak[1], rss);
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    /** A first, unmeasured offer so that the receiver runs compiled code before it is measured. */
    private ReceiverProcess warm(ReceiverProcess r, SteadyPublisher publisher) {
        step(r, publisher, settings.startRate(), Math.min(settings.events(), 200_000));
        return r;
    }

    private Step step(ReceiverProcess r, SteadyPublisher publisher, long rate) {
        Step s = step(r, publisher, rate, settings.events());
        say("%s: %,d ev/s offered, %,.0f achieved: %s", r.kind(), rate, s.achieved(),
                s.lossless() ? "nothing lost" : String.format(Locale.ROOT, "%,d lost (%,d dropped by the client library)",
                        s.lost(), s.dropped()));
        return s;
    }

    private Step step(ReceiverProcess r, SteadyPublisher publisher, long rate, long events) {
        ReceiverProcess.Counts before = r.counts();
        SteadyPublisher.Offer offer = publisher.offer(events, rate);
        ReceiverProcess.Counts after = settle(r, before.processed() + events);
        return new Step(rate, offer.rate(), before.processed() + events - after.processed(),
                after.dropped() - before.dropped());
    }

    /** Waits until the receiver has processed {@code target} events or made no progress for a while. */
    private static ReceiverProcess.Counts settle(ReceiverProcess r, long target) {
        ReceiverProcess.Counts last = r.counts();
        long progressAt = System.nanoTime();
        while (last.processed() < target && System.nanoTime() - progressAt < SETTLE_NANOS) {
            sleep(50);
            ReceiverProcess.Counts now = r.counts();
            if (now.processed() != last.processed()) {
                progressAt = System.nanoTime();
            }
            last = now;
        }
        return last;
    }

    /** The receiver's rate with the publisher unthrottled: {rate, lost}. */
    private long[] peak(ReceiverProcess r, SteadyPublisher publisher) {
        ReceiverProcess.Counts before = r.counts();
        long target = before.processed() + settings.events();
        long start = System.nanoTime();
        publisher.offer(settings.events(), 0);
        ReceiverProcess.Counts last = r.counts();
        long doneAt = System.nanoTime();
        long progressAt = doneAt;
        while (last.processed() < target && System.nanoTime() - progressAt < SETTLE_NANOS) {
            sleep(10);
            ReceiverProcess.Counts now = r.counts();
            if (now.processed() != last.processed()) {
                progressAt = System.nanoTime();
                doneAt = progressAt;
            }
            last = now;
        }
        long processed = last.processed() - before.processed();
        return new long[] {(long) (processed * 1e9 / (doneAt - start)), settings.events() - processed};
    }

    /** What a tally loses when it is offered {@code rate} from its first moment, with a cold JVM. */
    private long coldTally(String server, SteadyPublisher publisher, long rate) {
        if (rate <= 0) {
            return -1;
        }
        try (ReceiverProcess cold = ReceiverProcess.start("tally", server)) {
            Step s = step(cold, publisher, rate, settings.events());
            say("tally started cold, offered %,d ev/s at once: %,d lost (%,d dropped by the client library)", rate,
                    s.lost(), s.dropped());
            return s.lost();
        }
    }

    private void say(String format, Object... args) {
        progress.println("bench ingest: " + String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
