package io.choria.lifecycle.tally;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code <prefix>_build_info{version="..."} 1}, the gauge every Prometheus exporter shows about
 * its build, so a dashboard can tell which tally versions run where. client_java models it as an
 * info metric named without {@code _info}, and its own writer writes it.
 */
final class BuildInfo {
    private BuildInfo() {
    }

    /** Registers the metric. */
    static void register(String prefix, String version, PrometheusRegistry registry) {
        Info info = Info.builder().name(prefix + "_build")
                .help("A metric with a constant '1' value labeled by the version the tally was built from")
                .labelNames("version").register(registry);
        info.setLabelValues(version);
    }

    /** This library's version from its jar's manifest, or {@code unknown} (classes not in a jar). */
    static String ownVersion() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "unknown" : v;
    }
}
