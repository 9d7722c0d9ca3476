package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.PrometheusTextWriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class PrometheusTextWriterTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final TallyMetrics metrics = new TallyMetrics("choria_tally", registry, () -> true);

    @Test
    void countersKeepTheirNameWithoutTotalSuffix() {
        for (int i = 0; i < 5; i++) {
            metrics.series("server").goodEvents().inc();
        }
        String text = Exposition.of(registry).text();
        assertThat(text).contains("# TYPE choria_tally_good_events counter\n")
                .contains("\nchoria_tally_good_events{active=\"1\",component=\"server\"} 5\n")
                .doesNotContain("_total").doesNotContain("_created");
    }

    @Test
    void summariesHaveOnlySumAndCount() {
        metrics.series("server").processingTime().observe(0.25);
        metrics.series("server").processingTime().observe(0.5);
        String text = Exposition.of(registry).text();
        assertThat(text).contains("# TYPE choria_tally_processing_time summary\n")
                .contains("choria_tally_processing_time_sum{active=\"1\",component=\"server\"} 0.75\n")
                .contains("choria_tally_processing_time_count{active=\"1\",component=\"server\"} 2\n")
                .doesNotContain("quantile");
    }

    @Test
    void gaugesMayGoNegativeAndLabelValuesAreEscaped() {
        metrics.versionChange("server", "1.0 \"beta\"\\x\n", -1);
        assertThat(Exposition.of(registry).text()).contains("# TYPE choria_tally_versions gauge\n")
                .contains("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0 \\\"beta\\\"\\\\x\\n\"} -1\n");
    }

    @Test
    void familiesAreSortedByNameAndCarryHelp() {
        metrics.governor("server", "g", "enter");
        metrics.series("server").eventType(io.choria.lifecycle.EventType.ALIVE).inc();
        String text = Exposition.of(registry).text();
        assertThat(text.indexOf("choria_tally_event_types")).isLessThan(text.indexOf("choria_tally_governor"));
        assertThat(text).contains("# HELP choria_tally_event_types The number events received by type\n");
    }

    @Test
    void labelsAndSeriesComeSortedAsTheGoClientWritesThem() {
        // the writer relies on client_java's snapshots for the order: label names, then series
        PrometheusRegistry own = new PrometheusRegistry();
        io.prometheus.metrics.core.metrics.Gauge g = io.prometheus.metrics.core.metrics.Gauge.builder()
                .name("zz_order").labelNames("zeta", "alpha").register(own);
        g.labelValues("2", "b").set(1);
        g.labelValues("1", "b").set(2);
        g.labelValues("9", "a").set(3);
        io.prometheus.metrics.core.metrics.Gauge.builder().name("aa_first").register(own).set(4);
        assertThat(Exposition.of(own).text()).isEqualTo("# TYPE aa_first gauge\naa_first 4\n"
                + "# TYPE zz_order gauge\nzz_order{alpha=\"a\",zeta=\"9\"} 3\n"
                + "zz_order{alpha=\"b\",zeta=\"1\"} 2\nzz_order{alpha=\"b\",zeta=\"2\"} 1\n");
    }

    /** The reference's help texts (go-choria lifecycle/tally/stats.go, with the active label), line for line. */
    @Test
    void helpLinesAreTheReferences() {
        metrics.versionChange("server", "1.0", 1);
        metrics.execOutcome("m", "1", "w", true, 1);
        metrics.execOutcome("m", "1", "w", false, 1);
        metrics.governor("server", "g", "enter");
        assertThat(Exposition.of(registry).text())
                .contains("# HELP choria_tally_versions The number of observations for a specific version and component\n")
                .contains("# HELP choria_tally_exec_watcher_success Machine exec watcher success runs\n")
                .contains("# HELP choria_tally_exec_watcher_failures Machine exec watcher failure runs\n")
                .contains("# HELP choria_tally_exec_watcher_runtime Machine exec watcher runtimes\n")
                .contains("# HELP choria_tally_governor Choria Governor events\n");
    }

    @Test
    void valuesAreFormattedLikeGo() {
        assertThat(PrometheusTextWriter.formatValue(5)).isEqualTo("5");
        assertThat(PrometheusTextWriter.formatValue(-1)).isEqualTo("-1");
        assertThat(PrometheusTextWriter.formatValue(0.125)).isEqualTo("0.125");
        assertThat(PrometheusTextWriter.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusTextWriter.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusTextWriter.formatValue(123456)).isEqualTo("123456");
        assertThat(PrometheusTextWriter.formatValue(1_000_000)).isEqualTo("1e+06");
        assertThat(PrometheusTextWriter.formatValue(1_234_567)).isEqualTo("1.234567e+06");
        assertThat(PrometheusTextWriter.formatValue(8.8301e-5)).isEqualTo("8.8301e-05");
        assertThat(PrometheusTextWriter.formatValue(0.0001)).isEqualTo("0.0001");
        assertThat(PrometheusTextWriter.formatValue(0.006239410000000001)).isEqualTo("0.006239410000000001");
        assertThat(PrometheusTextWriter.formatValue(-2.5)).isEqualTo("-2.5");
        assertThat(PrometheusTextWriter.formatValue(1.5e300)).isEqualTo("1.5e+300");
    }

    /** Java 17's Double.toString is not always the shortest: Go's 'g' -1 is. */
    @Test
    void valuesUseTheShortestDigitsThatReadBackAsTheSameDouble() {
        assertThat(PrometheusTextWriter.formatValue(2e23)).isEqualTo("2e+23");
        assertThat(PrometheusTextWriter.formatValue(1e23)).isEqualTo("1e+23");
        assertThat(PrometheusTextWriter.formatValue(8.41e21)).isEqualTo("8.41e+21");
        assertThat(PrometheusTextWriter.formatValue(2.82879384806159e17)).isEqualTo("2.82879384806159e+17");
        assertThat(PrometheusTextWriter.formatValue(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(PrometheusTextWriter.formatValue(-2e23)).isEqualTo("-2e+23");
        assertThat(PrometheusTextWriter.formatValue(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }
}
