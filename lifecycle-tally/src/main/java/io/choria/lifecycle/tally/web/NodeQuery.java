package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The question {@code GET /api/nodes} asks: the nodes of one component, optionally of one
 * version, silent for at least a while, or whose identity contains some text; one page of them
 * in identity order, starting after {@code after}.
 */
public record NodeQuery(String component, String version, Duration silentFor, String after, int limit, String contains) {
    /** Nodes per page when the client does not say. */
    static final int DEFAULT_LIMIT = 1000;
    /** The most nodes one page holds: about 1 MB of JSON, and one scan of the table per page. */
    public static final int MAX_LIMIT = 10_000;
    private static final int MAX_TEXT_BYTES = 1024;
    private static final Set<String> PARAMETERS = Set.of("component", "version", "silent_for", "after", "limit", "contains");

    /**
     * Reads the query from request parameters.
     *
     * @throws BadRequest naming the parameter that cannot be used
     */
    static NodeQuery from(Map<String, String> parameters) {
        ApiParameters.requireOnly(parameters, PARAMETERS);
        String component = text(parameters, "component");
        if (component == null) {
            throw new BadRequest("component is required, e.g. component=server");
        }
        return new NodeQuery(component, text(parameters, "version"), silentFor(parameters.get("silent_for")),
                text(parameters, "after"), limit(parameters.get("limit")), text(parameters, "contains"));
    }

    private static String text(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new BadRequest(name + " is longer than " + MAX_TEXT_BYTES + " bytes");
        }
        return value;
    }

    private static Duration silentFor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Duration d;
        try {
            d = GoDuration.parse(value);
        } catch (LifecycleException e) {
            throw new BadRequest("silent_for: " + e.getMessage() + ", use e.g. 35m or 1h");
        }
        if (d.isNegative()) {
            throw new BadRequest("silent_for must not be negative, got " + value);
        }
        return d;
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw new BadRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + value + "'");
        }
        return n;
    }
}
