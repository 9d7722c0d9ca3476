package io.choria.lifecycle.tally.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A web configuration file in the format of prometheus/exporter-toolkit
 * ({@code docs/web-configuration.md}), read: TLS, basic auth users, extra response headers and a
 * rate limit, so that a file written for node_exporter secures the tally's port the same way.
 *
 * @param tls TLS settings, or null for plain HTTP
 * @param users user name to bcrypt hash; empty means no basic auth
 * @param headers response headers to add to every answer
 * @param rateLimit requests allowed, or null for no limit
 * @param http2 read for compatibility; the port speaks HTTP/1.1 only
 * @param files every file this configuration was read from, watched for changes
 */
public record WebConfig(TlsServerConfig tls, Map<String, String> users, Map<String, String> headers,
                        RateLimit rateLimit, boolean http2, List<Path> files) {
    /** No file: plain HTTP, no authentication, no extra headers. */
    public static final WebConfig NONE = new WebConfig(null, Map.of(), Map.of(), null, true, List.of());

    public WebConfig {
        users = Map.copyOf(users);
        headers = Map.copyOf(headers);
        files = List.copyOf(files);
    }

    /** Whether the port speaks TLS. */
    public boolean tlsEnabled() {
        return tls != null;
    }

    /** {@code rate_limit}: one request per {@code interval} on average, {@code burst} at once. */
    record RateLimit(Duration interval, int burst) {
    }
}
