package io.choria.lifecycle.tally.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One {@code GET /api/events} response: Server-Sent Events from the {@link EventFeed}, each an
 * {@code id:} and a {@code data:} line holding the event's JSON, plus an {@code event: thinned}
 * message ({@code {"dropped":N}}) when events were left out.
 *
 * <p>A stream ends by itself after {@link #lifetime()} (20 s), within the port's idle timeout
 * (30 s) even when no event comes, and holds one of the port's threads while it runs (at most
 * {@value EventFeed#MAX_STREAMS} streams). An {@code EventSource} reconnects after the
 * {@code retry:} delay with {@code Last-Event-ID} and gets what it missed meanwhile.
 */
final class EventFeedResponse {
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    private static final long RETRY_MILLIS = 500;

    private EventFeedResponse() {
    }

    /** How long one response streams. */
    static Duration lifetime() {
        return Duration.ofSeconds(20);
    }

    /**
     * Streams until the lifetime is over, the client goes away or the server stops, then completes
     * {@code callback}; a write to a client that went away fails it, as Jetty expects.
     */
    static void serve(Request request, Response response, Callback callback, EventFeed feed, Duration lifetime) {
        EventFeed.Subscription subscription = feed.subscribe(lastEventId(request));
        if (subscription == null) {
            FleetWeb.error(response, callback, 503, "too many event streams open (" + EventFeed.MAX_STREAMS
                    + "), try again later");
            return;
        }
        try (subscription) {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", CONTENT_TYPE);
            response.getHeaders().put("Cache-Control", "no-store");
            response.getHeaders().put("X-Accel-Buffering", "no"); // tells a proxy in front not to buffer
            OutputStream out = Content.Sink.asOutputStream(response);
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
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e); // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
            callback.failed(e);
        }
    }

    private static void send(OutputStream out, CharSequence text) throws IOException {
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Long lastEventId(Request request) {
        String id = request.getHeaders().get("Last-Event-ID");
        try {
            return id == null ? null : Long.valueOf(id.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
