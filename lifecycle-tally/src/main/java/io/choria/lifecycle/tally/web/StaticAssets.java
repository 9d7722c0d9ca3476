package io.choria.lifecycle.tally.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The fleet page's files, served from the jar (operators' networks are often closed: nothing
 * comes from a CDN). Read once at start; the page is three small files.
 */
final class StaticAssets {
    private static final String BASE = "/io/choria/lifecycle/tally/web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/fleet.js", "fleet.js",
            "/fleet.css", "fleet.css",
            "/favicon.svg", "favicon.svg");

    /** A file and its content type. */
    record Asset(byte[] body, String contentType) {
    }

    private final Map<String, Asset> assets;

    StaticAssets() {
        Map<String, Asset> loaded = new HashMap<>();
        FILES.forEach((path, file) -> loaded.put(path, new Asset(read(file), contentType(file))));
        this.assets = Map.copyOf(loaded);
    }

    /** The asset served at {@code path}, or null. */
    Asset get(String path) {
        return assets.get(path);
    }

    private static byte[] read(String file) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + BASE + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "image/svg+xml";
    }
}
