package io.choria.lifecycle.tally.web;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /-/healthy}, 200 while the process serves, and {@code /-/ready}, 200 once the tally is
 * connected and started (warm start done), else 503 with the reason: the paths Prometheus and
 * client_java give these answers. GET and HEAD only.
 */
public final class HealthHandler extends Handler.Abstract {
    static final String HEALTHY = "/-/healthy";
    static final String READY = "/-/ready";
    private final Readiness readiness;

    public HealthHandler(Readiness readiness) {
        this.readiness = readiness;
    }

    Readiness readiness() {
        return readiness;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            return Reply.text(response, callback, 405, "method not allowed");
        }
        if (HEALTHY.equals(request.getHttpURI().getPath())) {
            return Reply.text(response, callback, 200, "Healthy.");
        }
        String why = readiness.notReadyBecause();
        return Reply.text(response, callback, why == null ? 200 : 503, why == null ? "Ready." : "Not ready: " + why);
    }
}
