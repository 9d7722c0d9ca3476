package io.choria.lifecycle.container;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tally's {@code /metrics} page (the Prometheus text format 0.0.4), read for what the tests check. */
record MetricsText(String text) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The status of {@code GET http://127.0.0.1:PORT/PATH} with {@code headers} (name, value, ...), 0 when nothing answers. */
    static int status(int port, String path, String... headers) {
        try {
            return HTTP.send(request(port, path, headers), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** {@code /metrics} of the tally on {@code port}, asked with {@code headers}; an empty page when nothing answers. */
    static MetricsText scrape(int port, String... headers) {
        try {
            HttpResponse<String> r = HTTP.send(request(port, "/metrics", headers), HttpResponse.BodyHandlers.ofString());
            return new MetricsText(r.statusCode() == 200 ? r.body() : "");
        } catch (IOException e) {
            return new MetricsText("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MetricsText("");
        }
    }

    private static HttpRequest request(int port, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b.build();
    }

    /** {@code <prefix>_versions} as component → version → nodes, summed over {@code active}. */
    Map<String, Map<String, Long>> fleet(String prefix) {
        Map<String, Map<String, Long>> fleet = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(prefix + "_versions")) {
                Map<String, String> labels = labels(m.group(2));
                long n = (long) Double.parseDouble(m.group(3));
                if (n != 0) {
                    fleet.computeIfAbsent(labels.get("component"), c -> new TreeMap<>()).merge(labels.get("version"), n, Long::sum);
                }
            }
        }
        return fleet;
    }

    /** The value of the sample {@code name} with (at least) {@code labels}; NaN when there is none. */
    double value(String name, Map<String, String> labels) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name) && labels(m.group(2)).entrySet().containsAll(labels.entrySet())) {
                return Double.parseDouble(m.group(3));
            }
        }
        return Double.NaN;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text != null) {
            Matcher m = LABEL.matcher(text);
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
        }
        return labels;
    }
}
