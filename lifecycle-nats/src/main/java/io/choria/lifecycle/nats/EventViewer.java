package io.choria.lifecycle.nats;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.nats.client.Connection;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

/**
 * Prints lifecycle events as they arrive (the reference's {@code View} and {@code WriteEvents}):
 * a waiting line, then one line per event. Runs until closed.
 */
public final class EventViewer implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ViewOptions options;
    private final Connection ownedConnection;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile EventSubscription subscription;
    /** The last time of receipt formatted, and its second: formatting per event cost a tenth of the viewer's time. */
    private long formattedSecond = Long.MIN_VALUE;
    private String formattedTime;

    private EventViewer(ViewOptions options, Connection ownedConnection) {
        this.options = options;
        this.ownedConnection = ownedConnection;
    }

    /**
     * Connects with {@code settings} and views events; closing the viewer closes the connection
     * (the reference's {@code View}).
     *
     * @throws io.choria.lifecycle.LifecycleException when connecting or subscribing fails
     */
    public static EventViewer view(ConnectionSettings settings, ViewOptions options) {
        Connection connection = NatsConnector.connect(settings);
        try {
            return start(connection, options, connection);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Views events on an open connection, which stays open after close (the reference's {@code WriteEvents}). */
    public static EventViewer writeEvents(Connection connection, ViewOptions options) {
        return start(connection, options, null);
    }

    private static EventViewer start(Connection connection, ViewOptions options, Connection owned) {
        EventViewer viewer = new EventViewer(options, owned);
        PrintStream out = options.output();
        // Subscribe first so a failure (e.g. no stream to replay) is not preceded by the waiting
        // line; holding the output's lock makes events that arrive meanwhile wait for that line.
        synchronized (out) {
            if (options.since() != null) {
                viewer.subscription = EventSubscription.replay(connection, options.since(), options.filter(), viewer::print);
            } else if (options.stream()) {
                viewer.subscription = EventSubscription.fromStream(connection, java.time.Instant.now(), options.filter(),
                        viewer::print);
            } else {
                viewer.subscription = EventSubscription.subscribe(connection, options.filter(), viewer::print);
            }
            out.println("Waiting for events from topic " + EventSubscription.ALL_EVENTS + " on "
                    + ServerUrls.connectedServer(connection));
            out.flush();
        }
        return viewer;
    }

    /** The line printed for {@code received}, without the line end. */
    String line(ReceivedEvent received) {
        if (options.debug()) {
            return new String(received.body(), StandardCharsets.UTF_8);
        }
        if (options.json()) {
            return json(received.event());
        }
        return time(received) + " " + received.event();
    }

    /**
     * When the event happened, in the clock's zone: the time of receipt for live events, the
     * event's own time for those read from the stream (a replayed event two hours old must not
     * look current), with the date when that is not today.
     */
    private String time(ReceivedEvent received) {
        if (!received.fromStream()) {
            return receiptTime();
        }
        ZonedDateTime now = ZonedDateTime.now(options.clock());
        Instant own = received.event().unixTimestamp() > 0 ? received.event().timestamp() : received.storedAt();
        ZonedDateTime at = own.atZone(now.getZone());
        return at.toLocalDate().equals(now.toLocalDate()) ? at.format(TIME) : at.format(DATE_TIME);
    }

    /**
     * The {@code --json} line of an event, without the line end: compact Choria format (legacy
     * protocol names normalised), whatever format it arrived in. Also what the tally's
     * {@code /api/events} stream sends, so both speak the same shape.
     */
    public static String json(LifecycleEvent event) {
        return new String(Lifecycle.toJson(event, WireFormat.CHORIA), StandardCharsets.UTF_8);
    }

    /**
     * Writes the event's line as UTF-8 bytes (PrintStream's own encoder costs more than the rest of
     * the line) and flushes once no more events wait: a terminal sees each event at once, and a
     * burst is not written a system call per line.
     */
    private void print(ReceivedEvent received) {
        PrintStream out = options.output();
        byte[] bytes = (line(received) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes, 0, bytes.length);
            EventSubscription s = subscription;
            if (s == null || !s.morePending()) {
                out.flush();
            }
        }
    }

    /** The time of receipt, {@code HH:mm:ss} in the clock's zone, formatted once per second. */
    private synchronized String receiptTime() {
        long millis = options.clock().millis();
        long second = Math.floorDiv(millis, 1000);
        if (second != formattedSecond) {
            formattedTime = ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), options.clock().getZone()).format(TIME);
            formattedSecond = second;
        }
        return formattedTime;
    }

    /** The subscription behind the viewer, for its counters. */
    public EventSubscription subscription() {
        return subscription;
    }

    /** Blocks until the viewer is closed, e.g. by a shutdown hook. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        if (ownedConnection != null) {
            closeQuietly(ownedConnection);
        }
        closed.countDown();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
