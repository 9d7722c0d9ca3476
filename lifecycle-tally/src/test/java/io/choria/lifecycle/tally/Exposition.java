package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.PrometheusTextWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** A text exposition read back: sample lines ({@code name{labels}} → value) and the raw text. */
record Exposition(String text, Map<String, Double> samples) {
    /** One client for every request: a new client per request keeps its connection open until it is collected,
     * and a poll that scrapes many times would reach the port's limit of connections per client address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static Exposition parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Exposition(text, samples);
    }

    static Exposition of(PrometheusRegistry registry) {
        try {
            StringWriter w = new StringWriter();
            new PrometheusTextWriter().write(w, registry.scrape());
            return parse(w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GETs {@code http://127.0.0.1:port/metrics} and checks the content type. */
    static Exposition scrape(int port) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("")
                    .equals(PrometheusTextWriter.CONTENT_TYPE)) {
                throw new AssertionError("unexpected response " + r.statusCode() + " " + r.headers());
            }
            return parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of one series, or null. */
    Double get(String series) {
        return samples.get(series);
    }
}
