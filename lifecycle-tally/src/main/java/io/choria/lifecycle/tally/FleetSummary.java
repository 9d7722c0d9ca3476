package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.FleetView;

import io.choria.lifecycle.GoDuration;
import com.fasterxml.jackson.core.JsonGenerator;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/fleet}: per component the live nodes per version, newest version first, and
 * this instance's state. The counts are the {@code versions} gauge summed over {@code active},
 * the very numbers {@code /metrics} serves ({@code sum without (active) (<p>_versions)}), so the
 * page and the dashboards never disagree; versions with no node left are left out.
 */
final class FleetSummary implements FleetView {
    private final TallyMetrics metrics;
    private final TallyRecorder recorder;
    private final InstanceState state;
    private final String component;
    private final ExpiryWindow expiry;
    private final Clock clock;

    FleetSummary(TallyMetrics metrics, TallyRecorder recorder, InstanceState state, String component,
                 ExpiryWindow expiry, Clock clock) {
        this.metrics = metrics;
        this.recorder = recorder;
        this.state = state;
        this.component = component;
        this.expiry = expiry;
        this.clock = clock;
    }

    /** component → version (newest first) → nodes, without empty entries. */
    Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (GaugeSnapshot.GaugeDataPointSnapshot p : metrics.versionsSnapshot().getDataPoints()) {
            out.computeIfAbsent(p.getLabels().get("component"), c -> new TreeMap<>(VersionOrder.NEWEST_FIRST))
                    .merge(p.getLabels().get("version"), Math.round(p.getValue()), Long::sum);
        }
        out.values().forEach(versions -> versions.values().removeIf(n -> n <= 0));
        out.values().removeIf(Map::isEmpty);
        return out;
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", clock.instant().toString());
        writeInstance(json);
        writeLimits(json);
        json.writeArrayFieldStart("components");
        for (Map.Entry<String, Map<String, Long>> c : counts().entrySet()) {
            Map<String, Long> versions = c.getValue();
            long nodes = versions.values().stream().mapToLong(Long::longValue).sum();
            Map.Entry<String, Long> newest = versions.entrySet().iterator().next();
            json.writeStartObject();
            json.writeStringField("component", c.getKey());
            json.writeNumberField("nodes", nodes);
            json.writeStringField("newest", newest.getKey());
            json.writeNumberField("not_on_newest", nodes - newest.getValue());
            json.writeArrayFieldStart("versions");
            for (Map.Entry<String, Long> v : versions.entrySet()) {
                json.writeStartObject();
                json.writeStringField("version", v.getKey());
                json.writeNumberField("nodes", v.getValue());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * The limits and what they refused since the start (the warm start's refusals included), so the
     * page can say that counts leave nodes or versions out: {@code version_limit_nodes} is the sum of
     * {@code <p>_version_limit_nodes}, the nodes tracked on versions not exposed.
     */
    private void writeLimits(JsonGenerator json) throws IOException {
        TallyRecorder.NodeLimitState nodes = recorder.nodeLimit();
        Refusals refusals = recorder.refusals();
        json.writeObjectFieldStart("limits");
        json.writeNumberField("max_nodes", nodes.max());
        json.writeNumberField("node_places_used", nodes.used());
        json.writeNumberField("max_versions_per_component", recorder.maxVersionsPerComponent());
        json.writeNumberField("version_limit_nodes", Math.round(metrics.versionLimitNodesTotal()));
        json.writeObjectFieldStart("refused_events");
        for (Refusals.Reason r : Refusals.Reason.values()) {
            json.writeNumberField(r.label, refusals.total(r));
        }
        json.writeEndObject();
        json.writeObjectFieldStart("last_refused");
        for (Refusals.Reason r : Refusals.Reason.values()) {
            Instant last = refusals.last(r);
            json.writeStringField(r.label, last == null ? null : last.toString());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private void writeInstance(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("instance");
        json.writeStringField("component", component);
        json.writeStringField("election", state.campaign());
        json.writeStringField("state", state.active() ? "active" : "passive");
        json.writeStringField("since", state.since().toString());
        json.writeStringField("started", state.started().toString());
        json.writeStringField("expire_after", GoDuration.format(expiry.length()));
        json.writeNumberField("expire_after_seconds", expiry.length().toSeconds());
        json.writeNumberField("nodes_tracked", recorder.nodes());
        json.writeEndObject();
    }
}
