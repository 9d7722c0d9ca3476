package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.LifecycleException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the tally serves besides {@code /metrics}: the fleet page at {@code /} with its
 * files, and the read-only JSON API ({@code /api/fleet}, {@code /api/nodes}, {@code /api/events}).
 *
 * <p>Data on the page comes from the network (identities, components, versions), so every
 * response forbids inline script and any source but this server ({@value #CSP}); the page only
 * ever puts such data into text nodes. Bad parameters are a 400 with a one-line JSON error,
 * other paths a 404, methods other than GET and HEAD a 405.
 */
public final class FleetWeb implements HttpHandler {
    /** The Content-Security-Policy of every answer. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(FleetWeb.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final StaticAssets assets = new StaticAssets();
    private final FleetView fleet;
    private final NodeLister nodes;
    private final EventFeed feed;
    private final Duration streamLifetime;

    /** The page and API over {@code fleet}, {@code nodes} and {@code feed}, feed streams closed after their usual lifetime. */
    public FleetWeb(FleetView fleet, NodeLister nodes, EventFeed feed) {
        this(fleet, nodes, feed, EventFeedResponse.lifetime());
    }

    /** As the three-argument constructor, a feed stream closed after {@code streamLifetime}. */
    public FleetWeb(FleetView fleet, NodeLister nodes, EventFeed feed, Duration streamLifetime) {
        this.fleet = fleet;
        this.nodes = nodes;
        this.feed = feed;
        this.streamLifetime = streamLifetime;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange);
        }
    }

    private void answer(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            boolean known = assets.get(path) != null || path.startsWith("/api/") && endpoint(path);
            if (!known) {
                error(exchange, 404, "not found: " + path);
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                error(exchange, 405, "method not allowed: " + method);
            } else {
                serve(exchange, path);
            }
        } catch (BadRequest e) {
            tryError(exchange, 400, e.getMessage());
        } catch (LifecycleException e) {
            tryError(exchange, 503, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("request {} failed: {}", exchange.getRequestURI(), e.toString()); // the client went away
        } catch (RuntimeException e) {
            LOG.warn("request {} failed: {}", exchange.getRequestURI(), e.toString());
            tryError(exchange, 500, "internal error: " + e);
        }
    }

    private static void tryError(HttpExchange exchange, int status, String message) {
        try {
            error(exchange, status, message);
        } catch (IOException | RuntimeException e) {
            // the client went away, or the headers were sent already: closing is all that is left
        }
    }

    private static boolean endpoint(String path) {
        return Set.of("/api/fleet", "/api/nodes", "/api/events").contains(path);
    }

    private void serve(HttpExchange exchange, String path) throws IOException, InterruptedException {
        Map<String, String> parameters = ApiParameters.parse(exchange.getRequestURI().getRawQuery());
        switch (path) {
            case "/api/fleet" -> {
                ApiParameters.requireOnly(parameters, Set.of());
                respondJson(exchange, 200, fleet::write);
            }
            case "/api/nodes" -> {
                NodePage page = nodes.list(NodeQuery.from(parameters));
                respondJson(exchange, 200, page::write);
            }
            case "/api/events" -> {
                ApiParameters.requireOnly(parameters, Set.of());
                if ("HEAD".equals(exchange.getRequestMethod())) {
                    respond(exchange, 200, "text/event-stream; charset=utf-8", new byte[0]);
                } else {
                    EventFeedResponse.serve(exchange, feed, streamLifetime);
                }
            }
            default -> {
                StaticAssets.Asset asset = assets.get(path);
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                respond(exchange, 200, asset.contentType(), asset.body());
            }
        }
    }

    /** Writes a JSON body. */
    interface JsonBody {
        void write(JsonGenerator json) throws IOException;
    }

    private static void respondJson(HttpExchange exchange, int status, JsonBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            body.write(json);
        }
        bytes.write('\n');
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        respond(exchange, status, "application/json", bytes.toByteArray());
    }

    /** A one-line JSON error: {@code {"error":"..."}}. */
    static void error(HttpExchange exchange, int status, String message) throws IOException {
        respondJson(exchange, status, json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
