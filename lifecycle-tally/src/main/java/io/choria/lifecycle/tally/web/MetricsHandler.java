package io.choria.lifecycle.tally.web;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /metrics}, always in the Prometheus text format 0.0.4, whatever the scraper's
 * {@code Accept} says, as the reference's client_golang handler does by default. The tally's own
 * families are written as the reference writes them (counters without {@code _total}, see
 * {@link PrometheusTextWriter}): Prometheus asks for OpenMetrics first, and stores an OpenMetrics
 * counter under its sample name {@code <name>_total}, which would rename every counter in
 * Prometheus and break the dashboards and alerts this tally is a drop-in for. Other families in
 * the registry (client_java's JVM and process metrics) are written by client_java's own text
 * writer, under client_java's names ({@code process_cpu_seconds_total}). Gzipped when the
 * scraper accepts it; GET and HEAD only, a query string is ignored.
 */
public final class MetricsHandler extends Handler.Abstract {
    private final PrometheusRegistry registry;
    private final Set<String> referenceFamilies;
    private final PrometheusTextWriter textWriter = new PrometheusTextWriter();
    private final PrometheusTextFormatWriter clientJavaWriter = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    /** {@code registry}'s families, those named in {@code referenceFamilies} written the reference's way. */
    public MetricsHandler(PrometheusRegistry registry, Set<String> referenceFamilies) {
        this.registry = registry;
        this.referenceFamilies = Set.copyOf(referenceFamilies);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            return Reply.text(response, callback, 405, "method not allowed");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        boolean gzip = acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        try (OutputStream out = gzip ? new GZIPOutputStream(body, 8192) : body) {
            write(out);
        }
        if (gzip) {
            response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        response.getHeaders().put(HttpHeader.VARY, "Accept-Encoding");
        return Reply.bytes(response, callback, 200, PrometheusTextWriter.CONTENT_TYPE, body.toByteArray());
    }

    /** Every family in name order, each by the writer it belongs to. */
    void write(OutputStream out) throws IOException {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (MetricSnapshot family : registry.scrape()) {
            if (referenceFamilies.contains(family.getMetadata().getPrometheusName())) {
                textWriter.write(text, MetricSnapshots.of(family));
            } else {
                text.flush();
                clientJavaWriter.write(out, MetricSnapshots.of(family));
            }
        }
        text.flush();
    }

    /** Whether {@code Accept-Encoding} lists gzip with a weight above 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] coding = part.trim().split(";");
            if (coding[0].trim().equalsIgnoreCase("gzip")) {
                return coding.length < 2 || !coding[1].trim().matches("q=0(\\.0{0,3})?");
            }
        }
        return false;
    }
}
