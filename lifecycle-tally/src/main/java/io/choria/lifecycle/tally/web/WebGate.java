package io.choria.lifecycle.tally.web;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the web configuration asks of every request before the tally answers it, on every path
 * (metrics, health, the fleet page, its API and feed) and for the requests Jetty refuses itself
 * ({@link GateErrors}): the configured headers on every answer, then the rate limit per client
 * (429, {@link ClientRateLimits}), then basic auth (401 with {@code WWW-Authenticate}), in the
 * exporter-toolkit's order.
 */
final class WebGate extends Handler.Wrapper {
    /** Set on a request the gate let through, so that an error answer for it is not checked twice. */
    static final String PASSED = WebGate.class.getName() + ".passed";
    private final Supplier<WebConfig> settings;
    private final PortRefusals refusals;
    private final LongSupplier nanoTime;
    private final BasicAuth auth = new BasicAuth();
    private WebConfig preparedFor;
    private ClientRateLimits limits;

    WebGate(Supplier<WebConfig> settings, PortRefusals refusals, LongSupplier nanoTime, Handler next) {
        super(next);
        this.settings = settings;
        this.refusals = refusals;
        this.nanoTime = nanoTime;
        prepared();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (refused(request, response, callback)) {
            return true;
        }
        request.setAttribute(PASSED, Boolean.TRUE);
        return super.handle(request, response, callback);
    }

    /** Adds the configured headers to {@code response}; true when the request was refused (and answered). */
    boolean refused(Request request, Response response, Callback callback) {
        WebConfig c = prepared();
        headers(response);
        ClientRateLimits limit = limitsFor(c);
        if (limit != null && !limit.allow(ClientKey.of(request.getConnectionMetaData().getRemoteSocketAddress()),
                PortRoutes.scrape(request.getHttpURI().getPath()))) {
            refusals.refused(PortRefusals.RATE_LIMIT);
            return Reply.text(response, callback, 429, "Too Many Requests");
        }
        if (!c.users().isEmpty() && !auth.allows(c.users(), request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic");
            return Reply.text(response, callback, 401, "Unauthorized");
        }
        return false;
    }

    /** Adds the configured headers only (for what cannot be checked: a request Jetty could not read). */
    void headers(Response response) {
        settings.get().headers().forEach((name, value) -> response.getHeaders().put(name, value));
    }

    /** bcrypt comparisons made so far (for tests: an unknown user must cost one too). */
    long bcryptComparisons() {
        return auth.comparisons();
    }

    private synchronized WebConfig prepared() {
        WebConfig c = settings.get();
        if (c != preparedFor) {
            auth.prepare(c.users());
            preparedFor = c;
        }
        return c;
    }

    private synchronized ClientRateLimits limitsFor(WebConfig c) {
        if (c.rateLimit() == null) {
            limits = null;
        } else if (limits == null || !limits.limit().equals(c.rateLimit())) {
            limits = new ClientRateLimits(c.rateLimit(), nanoTime);
        }
        return limits;
    }
}
