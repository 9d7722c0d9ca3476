package io.choria.lifecycle.tally.web;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes registry snapshots in the Prometheus text format 0.0.4 exactly as the Go client does
 * for the reference tally: counter samples under the family's own name (no {@code _total}),
 * summaries as {@code _sum}/{@code _count}, families sorted by name, labels by name. The
 * sorting is client_java's: its snapshots come sorted by name, data points by labels and label
 * names within them, so the text is written in the order handed over.
 *
 * <p>Why our own writer: client_java 1.x models counters the OpenMetrics way and its
 * {@code PrometheusTextFormatWriter} always appends {@code _total}, with no switch to turn it
 * off; renaming metrics would break every dashboard built on the reference. The snapshot model
 * is public and the 0.0.4 format is small, so writing it ourselves is the clean way; every
 * scrape gets this format ({@link MetricsHandler} says why).
 */
public final class PrometheusTextWriter {
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Writes every family in {@code snapshots}; only counters, gauges and summaries are expected. */
    public void write(Writer out, MetricSnapshots snapshots) throws IOException {
        for (MetricSnapshot family : snapshots) {
            writeFamily(out, family);
        }
        out.flush();
    }

    private void writeFamily(Writer out, MetricSnapshot family) throws IOException {
        String name = family.getMetadata().getPrometheusName();
        String type = family instanceof CounterSnapshot ? "counter"
                : family instanceof GaugeSnapshot ? "gauge" : family instanceof SummarySnapshot ? "summary" : "untyped";
        if (family.getMetadata().getHelp() != null) {
            out.write("# HELP " + name + " " + escapeHelp(family.getMetadata().getHelp()) + "\n");
        }
        out.write("# TYPE " + name + " " + type + "\n");
        for (DataPointSnapshot p : family.getDataPoints()) {
            if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
                sample(out, name, p.getLabels(), c.getValue());
            } else if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
                sample(out, name, p.getLabels(), g.getValue());
            } else if (p instanceof SummarySnapshot.SummaryDataPointSnapshot s) {
                sample(out, name + "_sum", p.getLabels(), s.getSum());
                sample(out, name + "_count", p.getLabels(), s.getCount());
            }
        }
    }

    private static void sample(Writer out, String name, Labels labels, double value) throws IOException {
        StringBuilder b = new StringBuilder(name);
        if (!labels.isEmpty()) {
            b.append('{');
            for (int i = 0; i < labels.size(); i++) {
                b.append(i == 0 ? "" : ",").append(labels.getPrometheusName(i)).append("=\"")
                        .append(escapeLabel(labels.getValue(i))).append('"');
            }
            b.append('}');
        }
        out.write(b.append(' ').append(formatValue(value)).append('\n').toString());
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, what the Go client writes: the shortest
     * digits, in exponent form ({@code 1e+06}, {@code 8.8301e-05}) when the exponent is below -4
     * or at least 6, plain otherwise ({@code 5}, {@code 0.125}).
     */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        BigDecimal d = shortestDecimal(Math.abs(v));
        String digits = d.unscaledValue().toString();
        int exp = d.precision() - d.scale() - 1;
        StringBuilder b = new StringBuilder(v < 0 ? "-" : "");
        if (exp < -4 || exp >= 6) {
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            int e = Math.abs(exp);
            return b.append('e').append(exp < 0 ? '-' : '+').append(e < 10 ? "0" : "").append(e).toString();
        }
        if (exp < 0) {
            return b.append("0.").append("0".repeat(-exp - 1)).append(digits).toString();
        }
        if (digits.length() <= exp + 1) {
            return b.append(digits).append("0".repeat(exp + 1 - digits.length())).toString();
        }
        return b.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length()).toString();
    }

    /**
     * The decimal with the fewest significant digits that reads back as {@code v} (v > 0), the
     * nearest one among those. Why not {@code Double.toString} alone: before Java 19 it sometimes
     * gives more digits than needed ({@code 2e23} prints as {@code 1.9999999999999998E23}), so
     * its digit count only bounds the search.
     */
    private static BigDecimal shortestDecimal(double v) {
        BigDecimal javas = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < javas.precision(); p++) {
            BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == v) {
                return candidate.stripTrailingZeros();
            }
        }
        return javas;
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
