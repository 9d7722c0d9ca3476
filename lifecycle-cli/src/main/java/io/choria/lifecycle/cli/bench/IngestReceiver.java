package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.EventSubscription;
import io.choria.lifecycle.nats.EventViewer;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.ViewOptions;
import io.choria.lifecycle.tally.Tally;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * One receiver of {@code bench ingest}, in a JVM of its own so that its memory and collector are
 * its own: {@code raw} (a bare jnats subscriber that only counts: the limit), {@code tally} (the
 * tally's ingest, as {@code tally --component '*'} runs it) or {@code view} (the viewer writing to
 * a null sink). It prints {@code ready} once subscribed, then answers each {@code count} line on
 * stdin with {@code <processed> <dropped>}, until {@code quit} or the end of stdin.
 */
public final class IngestReceiver {
    private IngestReceiver() {
    }

    /** What a receiver has done so far. */
    interface Counts extends AutoCloseable {
        /** Events the receiver finished with (counted, recorded, written). */
        long processed();

        /** Messages the client library dropped because the receiver fell behind. */
        long dropped();

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: IngestReceiver raw|tally|view nats://host:port");
            System.exit(2);
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Connection connection = NatsConnector.connect(ConnectionSettings.builder().server(args[1])
                .name("bench-" + args[0]).build());
        try (Counts counts = switch (args[0]) {
            case "raw" -> raw(connection);
            case "tally" -> tally(connection);
            case "view" -> view(connection);
            default -> throw new IllegalArgumentException("unknown receiver " + args[0]);
        }) {
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                System.out.printf(Locale.ROOT, "%d %d%n", counts.processed(), counts.dropped());
                System.out.flush();
            }
        } finally {
            connection.close();
        }
    }

    /** Counts messages on the lifecycle subjects, with the pending limits the tally and viewer use. */
    private static Counts raw(Connection connection) throws Exception {
        LongAdder received = new LongAdder();
        Dispatcher dispatcher = connection.createDispatcher(m -> received.increment());
        dispatcher.setPendingLimits(EventSubscription.PENDING_MESSAGES, EventSubscription.PENDING_BYTES);
        dispatcher.subscribe(EventSubscription.ALL_EVENTS);
        connection.flush(java.time.Duration.ofSeconds(5));
        return new Counts() {
            public long processed() {
                return received.sum();
            }

            public long dropped() {
                return dispatcher.getDroppedCount();
            }

            public void close() {
                connection.closeDispatcher(dispatcher);
            }
        };
    }

    private static Counts tally(Connection connection) {
        Tally tally = Tally.builder().connection(connection).component("*").prefix("choria_tally").port(-1)
                .replay(false).warmup(true).start();
        return new Counts() {
            public long processed() {
                long n = 0;
                for (MetricSnapshot s : tally.registry().scrape()) {
                    String name = s.getMetadata().getName();
                    if (s instanceof CounterSnapshot c && (name.equals("choria_tally_good_events")
                            || name.equals("choria_tally_process_errors"))) {
                        n += (long) c.getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
                    }
                }
                return n;
            }

            public long dropped() {
                return tally.lostMessages();
            }

            public void close() {
                tally.close();
            }
        };
    }

    private static Counts view(Connection connection) {
        LineCounter sink = new LineCounter();
        EventViewer viewer = EventViewer.writeEvents(connection, ViewOptions.builder()
                .output(new PrintStream(sink, false, StandardCharsets.UTF_8)).build());
        return new Counts() {
            public long processed() {
                return Math.max(0, sink.lines.sum() - 1); // less the "Waiting for events" line
            }

            public long dropped() {
                return viewer.subscription().dropped();
            }

            public void close() {
                viewer.close();
            }
        };
    }

    /** A null sink that counts the lines written to it. */
    private static final class LineCounter extends OutputStream {
        final LongAdder lines = new LongAdder();

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines.increment();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines.increment();
                }
            }
        }
    }
}
