package io.choria.lifecycle.tally.web;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Which handler answers a request, by its path exactly as sent ({@code //metrics} is not
 * {@code /metrics}, and {@code //host/path} names no host): {@code /metrics}, the two health
 * paths, and everything else to the fleet page and API, or a 404 when the port serves metrics
 * only; until the tally counts, every path but the health paths is a 503 with the reason
 * ({@link Readiness#notServingBecause()}). What is not a path is answered as Go's server and ServeMux answer it: {@code OPTIONS *}
 * 200 with the methods, any other {@code *} a 400, {@code CONNECT} a 404. Behind the
 * {@link WebGate} like everything else.
 */
final class PortRoutes extends Handler.AbstractContainer {
    static final String METRICS = "/metrics";
    private final Handler metrics;
    private final HealthHandler health;
    private final Handler fleet;

    /** @param fleet the fleet page and API, or null for the metrics only */
    PortRoutes(Handler metrics, HealthHandler health, Handler fleet) {
        this.metrics = metrics;
        this.health = health;
        this.fleet = fleet;
        getHandlers().forEach(h -> addBean(h, true));
    }

    @Override
    public List<Handler> getHandlers() {
        List<Handler> all = new ArrayList<>(List.of(metrics, health));
        if (fleet != null) {
            all.add(fleet);
        }
        return all;
    }

    /** Whether {@code path} is a scrape's (metrics or health), which the rate limit keeps apart from the page's. */
    static boolean scrape(String path) {
        return METRICS.equals(path) || HealthHandler.HEALTHY.equals(path) || HealthHandler.READY.equals(path);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (HttpMethod.CONNECT.is(request.getMethod())) {
            return Reply.text(response, callback, 404, "404 page not found");
        }
        if ("*".equals(path)) {
            if (HttpMethod.OPTIONS.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                return Reply.bytes(response, callback, 200, Reply.TEXT, new byte[0]);
            }
            return Reply.text(response, callback, 400, "400 Bad Request");
        }
        if (!HealthHandler.HEALTHY.equals(path) && !HealthHandler.READY.equals(path)) {
            String notServing = health.readiness().notServingBecause();
            if (notServing != null) {
                return Reply.text(response, callback, 503, "Not ready: " + notServing);
            }
        }
        if (METRICS.equals(path)) {
            return metrics.handle(request, response, callback);
        }
        if (scrape(path)) {
            return health.handle(request, response, callback);
        }
        if (fleet != null) {
            return fleet.handle(request, response, callback);
        }
        return Reply.text(response, callback, 404, "404 page not found");
    }
}
