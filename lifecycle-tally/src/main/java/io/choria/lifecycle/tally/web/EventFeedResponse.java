package io.choria.lifecycle.tally.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One {@code GET /api/events} response: Server-Sent Events from the {@link EventFeed}, each an
 * {@code id:} and a {@code data:} line holding the event's JSON, plus an {@code event: thinned}
 * message ({@code {"dropped":N}}) when events were left out.
 *
 * <p>A stream ends by itself after {@link #lifetime()} (20 s): the JDK server drops any response
 * still running after {@code sun.net.httpserver.maxRspTime} (30 s in {@code choria-lifecycle}, the
 * guard against stalled scrapers), so we end first and cleanly. An {@code EventSource} reconnects after the
 * {@code retry:} delay with {@code Last-Event-ID} and gets what it missed meanwhile.
 */
final class EventFeedResponse {
    private static final long RETRY_MILLIS = 500;

    private EventFeedResponse() {
    }

    /** How long one response streams: 20 s, or two thirds of the server's response time limit when that is shorter. */
    public static Duration lifetime() {
        long limitMillis = Long.getLong("sun.net.httpserver.maxRspTime", -1) * 1000;
        return limitMillis > 0 && limitMillis < 30_000 ? Duration.ofMillis(limitMillis * 2 / 3) : Duration.ofSeconds(20);
    }

    /** Streams until the lifetime is over, the client goes away or the server stops. */
    static void serve(HttpExchange exchange, EventFeed feed, Duration lifetime) throws IOException {
        EventFeed.Subscription subscription = feed.subscribe(lastEventId(exchange));
        if (subscription == null) {
            FleetWeb.error(exchange, 503, "too many event streams open (" + EventFeed.MAX_STREAMS + "), try again later");
            return;
        }
        try (subscription) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Accel-Buffering", "no"); // tells a proxy in front not to buffer
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            send(out, new StringBuilder("retry: ").append(RETRY_MILLIS).append("\n\n"));
            long deadline = System.nanoTime() + lifetime.toNanos();
            for (long left = lifetime.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                StringBuilder batch = new StringBuilder();
                for (EventFeed.FeedEvent e = subscription.poll(Math.min(left, 1000)); e != null; e = subscription.poll(0)) {
                    batch.append("id: ").append(e.id()).append("\ndata: ").append(e.json()).append("\n\n");
                }
                long dropped = subscription.newlyThinned();
                if (dropped > 0) {
                    batch.append("event: thinned\ndata: {\"dropped\":").append(dropped).append("}\n\n");
                }
                if (batch.length() > 0) {
                    send(out, batch);
                }
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        }
    }

    private static void send(OutputStream out, CharSequence text) throws IOException {
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Long lastEventId(HttpExchange exchange) {
        String id = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        try {
            return id == null ? null : Long.valueOf(id.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
