package io.choria.lifecycle.cli.demo;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One read of a tally's {@code /metrics} over HTTP: the samples of the Prometheus text format. */
record MetricsPage(List<MetricsPage.Sample> samples) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One sample line: {@code name{label="value",...} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * GETs {@code url} and reads the page.
     *
     * @throws LifecycleException when the page cannot be read
     */
    static MetricsPage read(URI url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new LifecycleException(Reason.REFUSED, "GET " + url + " answered " + r.statusCode());
            }
            return parse(r.body());
        } catch (IOException e) {
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot read " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException(Reason.INTERRUPTED, "interrupted while reading " + url);
        }
    }

    static MetricsPage parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new MetricsPage(samples);
    }

    /** The sum of every sample of {@code name} whose label {@code label} is not one of {@code except}. */
    double sum(String name, String label, String... except) {
        double total = 0;
        next:
        for (Sample s : samples) {
            if (s.name().equals(name)) {
                for (String e : except) {
                    if (e.equals(s.labels().get(label))) {
                        continue next;
                    }
                }
                total += s.value();
            }
        }
        return total;
    }

    /** The active series of the {@code <prefix>_versions} gauge: component → version → nodes, without zeros. */
    Map<String, Map<String, Long>> fleet(String prefix) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().equals(prefix + "_versions") && "1".equals(s.labels().get("active")) && s.value() != 0) {
                out.computeIfAbsent(s.labels().get("component"), c -> new TreeMap<>())
                        .merge(s.labels().get("version"), Math.round(s.value()), Long::sum);
            }
        }
        return out;
    }

    /** A sample line; a label value may hold any character, escaped as the format says. */
    private static Sample sample(String line) {
        try {
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace < 0 || space >= 0 && space < brace) {
                return new Sample(line.substring(0, space), labels, value(line.substring(space + 1)));
            }
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (char c = line.charAt(j); c != '"'; c = line.charAt(++j)) {
                    if (c == '\\') {
                        c = line.charAt(++j);
                        value.append(c == 'n' ? '\n' : c);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(line.substring(i, eq), value.toString());
                i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
            }
            return new Sample(line.substring(0, brace), labels, value(line.substring(i + 1)));
        } catch (RuntimeException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "not a metrics sample: " + line);
        }
    }

    /** The value, without the optional timestamp after it. */
    private static double value(String rest) {
        String[] parts = rest.trim().split(" ");
        return Double.parseDouble(parts[0]);
    }
}
