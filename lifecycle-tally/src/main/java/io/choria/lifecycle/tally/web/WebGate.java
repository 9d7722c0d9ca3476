package io.choria.lifecycle.tally.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * What the web configuration asks of every request before the tally answers it, on every path
 * (metrics, health, the fleet page, its API and feed), in the exporter-toolkit's order: the rate
 * limit (429), the configured headers, then basic auth (401 with {@code WWW-Authenticate}).
 */
public final class WebGate implements HttpHandler {
    private final WebConfigFile file;
    private final HttpHandler next;
    private final BasicAuth auth = new BasicAuth();
    private final LongSupplier nanoTime;
    private WebConfig preparedFor;
    private RateLimiter limiter;

    private WebGate(WebConfigFile file, HttpHandler next, LongSupplier nanoTime) {
        this.file = file;
        this.next = next;
        this.nanoTime = nanoTime;
    }

    /** {@code next} behind the settings of {@code file}, read again as it changes. */
    public static WebGate around(WebConfigFile file, HttpHandler next) {
        WebGate gate = new WebGate(file, next, System::nanoTime);
        gate.settings();
        return gate;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        WebConfig c = settings();
        RateLimiter limit = limiterFor(c);
        if (limit != null && !limit.allow()) {
            refuse(exchange, 429, "Too Many Requests");
            return;
        }
        c.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (!c.users().isEmpty() && !auth.allows(c.users(), exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic");
            refuse(exchange, 401, "Unauthorized");
            return;
        }
        next.handle(exchange);
    }

    /** bcrypt comparisons made so far (for tests: an unknown user must cost one too). */
    long bcryptComparisons() {
        return auth.comparisons();
    }

    private synchronized WebConfig settings() {
        WebConfig c = file.current();
        if (c != preparedFor) {
            auth.prepare(c.users());
            preparedFor = c;
        }
        return c;
    }

    private synchronized RateLimiter limiterFor(WebConfig c) {
        if (c.rateLimit() == null) {
            limiter = null;
        } else if (limiter == null || !limiter.interval().equals(c.rateLimit().interval())
                || limiter.burst() != c.rateLimit().burst()) {
            limiter = new RateLimiter(c.rateLimit(), nanoTime);
        }
        return limiter;
    }

    private static void refuse(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
