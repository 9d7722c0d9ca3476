package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.LifecycleException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the tally serves besides {@code /metrics}: the fleet page at {@code /} with its
 * files, and the read-only JSON API ({@code /api/fleet}, {@code /api/nodes}, {@code /api/events}).
 *
 * <p>Data on the page comes from the network (identities, components, versions), so every
 * response forbids inline script and any source but this server ({@value #CSP}); the page only
 * ever puts such data into text nodes. Bad parameters are a 400 with a one-line JSON error,
 * other paths a 404, methods other than GET and HEAD a 405. This policy replaces a
 * {@code Content-Security-Policy} set in the web configuration on these answers: the page needs
 * exactly this one to run its own script and nothing else.
 */
public final class FleetWeb extends Handler.Abstract {
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
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        try {
            boolean known = assets.get(path) != null || path.startsWith("/api/") && endpoint(path);
            if (!known) {
                return error(response, callback, 404, "not found: " + path);
            }
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                return error(response, callback, 405, "method not allowed: " + method);
            }
            return serve(request, response, callback, path);
        } catch (BadRequest e) {
            return error(response, callback, 400, e.getMessage());
        } catch (LifecycleException e) {
            return error(response, callback, 503, e.getMessage());
        } catch (IOException e) {
            LOG.debug("request {} failed: {}", path, e.toString()); // the client went away
            callback.failed(e);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the port is stopping
            callback.failed(e);
            return true;
        } catch (RuntimeException e) {
            // a bug of ours, not something a client can cause at will: worth a line
            LOG.warn("request {} failed: {}", path, e.toString());
            return error(response, callback, 500, "internal error: " + e);
        }
    }

    private static boolean endpoint(String path) {
        return Set.of("/api/fleet", "/api/nodes", "/api/events").contains(path);
    }

    private boolean serve(Request request, Response response, Callback callback, String path)
            throws IOException, InterruptedException {
        Map<String, String> parameters = ApiParameters.parse(request.getHttpURI().getQuery());
        switch (path) {
            case "/api/fleet" -> {
                ApiParameters.requireOnly(parameters, Set.of());
                return respondJson(response, callback, 200, fleet::write);
            }
            case "/api/nodes" -> {
                NodePage page = nodes.list(NodeQuery.from(parameters));
                return respondJson(response, callback, 200, page::write);
            }
            case "/api/events" -> {
                ApiParameters.requireOnly(parameters, Set.of());
                if (HttpMethod.HEAD.is(request.getMethod())) {
                    return Reply.bytes(response, callback, 200, EventFeedResponse.CONTENT_TYPE, new byte[0]);
                }
                EventFeedResponse.serve(request, response, callback, feed, streamLifetime);
                return true;
            }
            default -> {
                StaticAssets.Asset asset = assets.get(path);
                response.getHeaders().put("Cache-Control", "no-cache");
                return Reply.bytes(response, callback, 200, asset.contentType(), asset.body());
            }
        }
    }

    /** Writes a JSON body. */
    interface JsonBody {
        void write(JsonGenerator json) throws IOException;
    }

    private static boolean respondJson(Response response, Callback callback, int status, JsonBody body)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            body.write(json);
        }
        bytes.write('\n');
        response.getHeaders().put("Cache-Control", "no-store");
        return Reply.bytes(response, callback, status, "application/json", bytes.toByteArray());
    }

    /** A one-line JSON error: {@code {"error":"..."}}. */
    static boolean error(Response response, Callback callback, int status, String message) {
        try {
            return respondJson(response, callback, status, json -> {
                json.writeStartObject();
                json.writeStringField("error", message);
                json.writeEndObject();
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // writes to memory only
        }
    }
}
