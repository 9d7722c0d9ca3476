package io.choria.lifecycle.tally.web;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to what Jetty refuses before any handler (a malformed request line, an ambiguous
 * encoded path, {@code GET *}, a header too large) or what failed inside one: one plain line,
 * {@code 400 Bad Request} as Go's server writes it, never an HTML page, a stack trace or a Java
 * class name. It goes through the {@link WebGate} too: a request Jetty could read meets the rate
 * limit and basic auth first, so nothing is answered to a client the gate would refuse; one it
 * could not read (no method) gets the configured headers.
 */
final class GateErrors implements Request.Handler {
    private final WebGate gate;

    GateErrors(WebGate gate) {
        this.gate = gate;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : 500;
        if (request.getAttribute(WebGate.PASSED) == null) {
            if (HttpMethod.fromString(request.getMethod()) == null) {
                gate.headers(response);
            } else if (gate.refused(request, response, callback)) {
                return true;
            }
        }
        String reason = HttpStatus.getMessage(status);
        return Reply.text(response, callback, status, status + " " + (reason == null ? "" : reason));
    }
}
