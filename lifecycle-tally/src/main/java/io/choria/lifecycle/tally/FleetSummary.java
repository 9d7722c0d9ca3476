package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.FleetView;

import io.choria.lifecycle.GoDuration;
import com.fasterxml.jackson.core.JsonGenerator;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.io.IOException;
import java.time.Clock;
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
