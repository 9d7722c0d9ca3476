package io.choria.lifecycle.bench.hostile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Scrapes as Prometheus makes them (one kept connection, gzip, a timeout), timed one by one. */
final class TimedScrapes {
    /** Prometheus's default scrape timeout is 10 s; the had 4 s. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Latencies of the scrapes that answered 200, and how many did not (timeouts, errors, other statuses). */
    record Result(List<Double> millis, int failed, int refused) {
        double percentile(double p) {
            return millis.isEmpty() ? Double.NaN : millis.get(Math.min(millis.size() - 1,
                    (int) Math.ceil(p * millis.size()) - 1));
        }

        String row(String what) {
            return String.format(Locale.ROOT, "  %-56s %7d %8.1f %8.1f %8.1f %7d", what, millis.size() + failed + refused,
                    percentile(0.50), percentile(0.99), millis.isEmpty() ? Double.NaN : millis.get(millis.size() - 1),
                    failed + refused);
        }
    }

    private TimedScrapes() {
    }

    /**
     * {@code count} scrapes of {@code port}'s {@code /metrics}, one every {@code every}, each on a new
     * connection ({@code Connection: close}): as curl scrapes, and Prometheus after its kept connection
     * was closed. Over TLS when {@code tls} is not null.
     */
    static Result fresh(int port, javax.net.ssl.SSLContext tls, int count, Duration every) throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        int failed = 0;
        int refused = 0;
        byte[] request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (java.net.Socket s = tls == null ? new java.net.Socket() : tls.getSocketFactory().createSocket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
                s.setSoTimeout((int) TIMEOUT.toMillis());
                s.getOutputStream().write(request);
                String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (answer.startsWith("HTTP/1.1 200")) {
                    millis.add((System.nanoTime() - start) / 1e6);
                } else if (answer.startsWith("HTTP/1.1 429")) {
                    refused++;
                } else {
                    failed++;
                }
            } catch (java.io.IOException e) {
                failed++;
            }
            Thread.sleep(every.toMillis());
        }
        Collections.sort(millis);
        return new Result(millis, failed, refused);
    }

    /** {@code count} scrapes of {@code url}, one every {@code every}, with {@code client}'s connection kept. */
    static Result run(HttpClient client, URI url, int count, Duration every) throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        int failed = 0;
        int refused = 0;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept-Encoding", "gzip").build();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                if (status == 200) {
                    millis.add((System.nanoTime() - start) / 1e6);
                } else if (status == 429) {
                    refused++;
                } else {
                    failed++;
                }
            } catch (java.io.IOException e) {
                failed++;
            }
            Thread.sleep(every.toMillis());
        }
        Collections.sort(millis);
        return new Result(millis, failed, refused);
    }
}
