package io.choria.lifecycle.tally;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code <prefix>_build_info{javaversion, revision, version} 1}, the gauge every Prometheus exporter
 * shows about its build (Go's have {@code goversion} and {@code revision} beside {@code version}), so
 * a dashboard can tell which tally builds run where, and two SNAPSHOT builds apart. client_java
 * models it as an info metric named without {@code _info}, and its own writer writes it.
 */
final class BuildInfo {
    private static final String UNKNOWN = "unknown";

    private BuildInfo() {
    }

    /** Registers the metric. */
    static void register(String prefix, String version, String revision, PrometheusRegistry registry) {
        Info info = Info.builder().name(prefix + "_build")
                .help("A metric with a constant '1' value labeled by the version, revision and Java version the tally was built from")
                .labelNames("javaversion", "revision", "version").register(registry);
        info.setLabelValues(System.getProperty("java.version", UNKNOWN), revision, version);
    }

    /** This library's version from its jar's manifest, or {@code unknown} (classes not in a jar). */
    static String ownVersion() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? UNKNOWN : v;
    }

    /** The commit this library was built from (the build writes it), or {@code unknown} when built outside git. */
    static String ownRevision() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("revision")) {
            String r = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return r.matches("[0-9a-f]{40,64}") ? r : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
