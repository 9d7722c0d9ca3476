package io.choria.lifecycle.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET of a running service's {@code /actuator/health/choriaLifecycle}, as a probe or an operator reads it. */
record HealthEndpoint(int status, String body) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HealthEndpoint read(RunningService service) {
        URI uri = URI.create("http://127.0.0.1:" + service.port() + "/actuator/health/choriaLifecycle");
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HealthEndpoint(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    boolean up() {
        return status == 200 && body.contains("\"status\":\"UP\"");
    }

    boolean down() {
        return status == 503 && body.contains("\"status\":\"DOWN\"");
    }
}
