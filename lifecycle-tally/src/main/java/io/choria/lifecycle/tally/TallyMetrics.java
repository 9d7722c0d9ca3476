package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.core.metrics.MetricWithFixedMetadata;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The eleven metric families of the reference tally, with its names, types and labels, and
 * of our own {@code _lost_events} (live messages the client library dropped), {@code _reconnects},
 * {@code _refused_events} (valid events a limit kept out, {@link Refusals}), {@code _http_refused}
 * (what the HTTP port refused, {@code PortRefusals}) and
 * {@code _version_limit_nodes} (nodes on versions not exposed, {@link VersionLimit}). Every
 * update carries {@code active}: "1" while {@code leader} says so (always, without an
 * election), "0" otherwise, read at the moment of the update.
 *
 * <p>Counters are registered under their plain names; client_java would print them with a
 * {@code _total} suffix, which {@link PrometheusTextWriter} does not.
 */
final class TallyMetrics {
    private final BooleanSupplier leader;
    private final Counter goodEvents;
    private final Counter processErrors;
    private final Counter eventTypes;
    private final Gauge versions;
    private final Summary processingTime;
    private final Counter machineTransition;
    private final Counter execSuccess;
    private final Counter execFailures;
    private final Summary execRuntime;
    private final Counter nodesExpired;
    private final Counter governor;
    private final Counter lostEvents;
    private final Counter reconnects;
    private final Counter refusedEvents;
    private final Counter httpRefused;
    private final Gauge versionLimitNodes;
    /** Per-component series, for active "1" and "0". */
    private final ConcurrentHashMap<String, ComponentSeries> activeSeries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ComponentSeries> passiveSeries = new ConcurrentHashMap<>();
    private final Set<String> familyNames = new HashSet<>();

    /** Registers the families named {@code <prefix>_...} in {@code registry}. */
    TallyMetrics(String prefix, PrometheusRegistry registry, BooleanSupplier leader) {
        this.leader = leader;
        goodEvents = counter(prefix + "_good_events", "The number of successfully parsed events received", "component");
        processErrors = counter(prefix + "_process_errors", "The number of events received that failed to process", "component");
        eventTypes = counter(prefix + "_event_types", "The number events received by type", "component", "type");
        versions = Gauge.builder().name(prefix + "_versions")
                .help("The number of observations for a specific version and component").labelNames("component", "version", "active")
                .withoutExemplars().build();
        processingTime = summary(prefix + "_processing_time", "The time taken to process events", "component");
        machineTransition = counter(prefix + "_machine_transition", "Machine state transition",
                "machine", "version", "transition", "from", "to");
        execSuccess = counter(prefix + "_exec_watcher_success", "Machine exec watcher success runs", "machine", "version", "watcher");
        execFailures = counter(prefix + "_exec_watcher_failures", "Machine exec watcher failure runs", "machine", "version", "watcher");
        execRuntime = summary(prefix + "_exec_watcher_runtime", "Machine exec watcher runtimes", "machine", "version", "watcher");
        nodesExpired = counter(prefix + "_nodes_expired",
                "The number of nodes that were expired after not receiving alive events", "component");
        governor = counter(prefix + "_governor", "Choria Governor events", "component", "governor", "event");
        lostEvents = counter(prefix + "_lost_events",
                "The number of live messages dropped because the tally could not keep up (not in the reference)");
        reconnects = counter(prefix + "_reconnects",
                "The number of times the connection to the broker was lost and made again (not in the reference)");
        refusedEvents = counter(prefix + "_refused_events", "The number of valid lifecycle events not recorded in full"
                + " because a limit was reached: node_limit (a new node, not tracked), version_limit (a version not"
                + " exposed) (not in the reference)", "component", "reason");
        httpRefused = counter(prefix + "_http_refused", "The number of connections, TLS handshakes and requests the"
                + " HTTP port refused: connection_limit, tls_handshake, rate_limit (not in the reference)", "reason");
        versionLimitNodes = Gauge.builder().name(prefix + "_version_limit_nodes")
                .help("The number of nodes tracked on versions beyond the per-component version limit, not in "
                        + prefix + "_versions (not in the reference)")
                .labelNames("component", "active").withoutExemplars().build();
        for (Collector m : new Collector[] {goodEvents, processErrors, eventTypes, versions, processingTime,
                machineTransition, execSuccess, execFailures, execRuntime, nodesExpired, governor, lostEvents,
                reconnects, refusedEvents, httpRefused, versionLimitNodes}) {
            registry.register(m);
            familyNames.add(((MetricWithFixedMetadata) m).getPrometheusName());
        }
    }

    /** The names of the families registered here: the ones written exactly as the reference writes them. */
    Set<String> familyNames() {
        return Set.copyOf(familyNames);
    }

    /**
     * Checks a metric name prefix.
     *
     * @throws LifecycleException unless it is a valid start of Prometheus metric names
     */
    static String checkPrefix(String prefix) {
        if (prefix == null || !prefix.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new LifecycleException(Reason.INVALID_INPUT, "invalid prefix '" + prefix
                    + "': use letters, digits, _ and :, not starting with a digit");
        }
        return prefix;
    }

    /**
     * The per-event series of {@code component} under the current {@code active} value. The map
     * lookup hashes the component once; a map per value keeps the key the component itself.
     */
    ComponentSeries series(String component) {
        boolean leading = leader.getAsBoolean();
        ConcurrentHashMap<String, ComponentSeries> map = leading ? activeSeries : passiveSeries;
        ComponentSeries s = map.get(component);
        if (s == null) {
            s = map.computeIfAbsent(component, c -> new ComponentSeries(c, leading ? "1" : "0", goodEvents, eventTypes,
                    processingTime, versions));
        }
        return s;
    }

    void processError(String component) {
        processErrors.labelValues(component, active()).inc();
    }

    /** A change of the {@code versions} gauge; call with the recorder's lock held (see {@link ComponentSeries#version}). */
    void versionChange(String component, String version, double delta) {
        series(component).version(version).inc(delta);
    }

    /**
     * Removes the {@code versions} series of a version whose place the {@link VersionLimit} gave to
     * another; call with the recorder's lock held. Its nodes are gone, so the series hold 0 between them.
     */
    void removeVersion(String component, String version) {
        for (ConcurrentHashMap<String, ComponentSeries> map : List.of(activeSeries, passiveSeries)) {
            ComponentSeries s = map.get(component);
            if (s != null) {
                s.forgetVersion(version);
            }
        }
    }

    /** Nodes on versions over the limit came or went ({@link VersionLimit#OVER_LIMIT}). */
    void versionLimitNodes(String component, double delta) {
        versionLimitNodes.labelValues(component, active()).inc(delta);
    }

    /** {@code _version_limit_nodes} summed over components and active values. */
    double versionLimitNodesTotal() {
        return versionLimitNodes.collect().getDataPoints().stream().mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
                .sum();
    }

    void refused(String component, String reason) {
        refusedEvents.labelValues(component, reason, active()).inc();
    }

    void transition(String machine, String version, String transition, String from, String to) {
        machineTransition.labelValues(machine, version, transition, from, to, active()).inc();
    }

    void execOutcome(String machine, String version, String watcher, boolean success, double seconds) {
        (success ? execSuccess : execFailures).labelValues(machine, version, watcher, active()).inc();
        execRuntime.labelValues(machine, version, watcher, active()).observe(seconds);
    }

    void nodesExpired(String component, long count) {
        nodesExpired.labelValues(component, active()).inc(count);
    }

    void governor(String component, String governorName, String event) {
        governor.labelValues(component, governorName, event, active()).inc();
    }

    void reconnects(long count) {
        reconnects.labelValues(active()).inc(count);
    }

    void lostEvents(long count) {
        lostEvents.labelValues(active()).inc(count);
    }

    /** One refusal of the HTTP port ({@code PortRefusals}). */
    void httpRefused(String reason) {
        httpRefused.labelValues(reason, active()).inc();
    }

    /** The {@code versions} gauge as it stands, one data point per component, version and active value. */
    GaugeSnapshot versionsSnapshot() {
        return versions.collect();
    }

    private String active() {
        return leader.getAsBoolean() ? "1" : "0";
    }

    private static Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(withActive(labels)).withoutExemplars().build();
    }

    /** No quantiles: like the reference's summaries, only {@code _sum} and {@code _count}. */
    private static Summary summary(String name, String help, String... labels) {
        return Summary.builder().name(name).help(help).labelNames(withActive(labels)).withoutExemplars().build();
    }

    private static String[] withActive(String[] labels) {
        String[] all = Arrays.copyOf(labels, labels.length + 1);
        all[labels.length] = "active";
        return all;
    }
}
