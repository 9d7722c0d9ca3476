package io.choria.lifecycle.tally.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Query-string parameters of the fleet API, strictly read: each at most once, percent-encoding
 * valid, and only the names an endpoint knows, so a typo ({@code silentfor=1h}) is a 400 that
 * says so rather than a silently unfiltered answer.
 */
final class ApiParameters {
    private ApiParameters() {
    }

    /**
     * Decodes a raw query string ({@code a=1&b=x%20y}); null or empty gives no parameters.
     *
     * @throws BadRequest for bad percent-encoding or a repeated parameter
     */
    static Map<String, String> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.putIfAbsent(name, value) != null) {
                throw new BadRequest("parameter '" + name + "' is given more than once");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** @throws BadRequest naming the first parameter not in {@code known} and listing the known ones */
    static void requireOnly(Map<String, String> parameters, Set<String> known) {
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw new BadRequest(known.isEmpty() ? "unknown parameter '" + name + "': this endpoint takes none"
                        : "unknown parameter '" + name + "', valid: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("bad percent-encoding in the query string: " + e.getMessage());
        }
    }
}
