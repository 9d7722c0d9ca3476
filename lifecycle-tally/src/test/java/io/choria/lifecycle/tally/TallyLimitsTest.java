package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the node and version limits do to events (docs/tally.md, "Limits"): refused events are
 * counted per reason and are not process errors, known nodes still update, and the series stay bounded.
 */
class TallyLimitsTest {
    private static final String P = "choria_tally";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private TallyRecorder recorder(int maxNodes, int maxVersions) {
        return new TallyRecorder(new TallyMetrics(P, registry, () -> true), ExpiryWindow.of(Duration.ofMinutes(10)),
                clock, maxNodes, maxVersions);
    }

    private Double metric(String series) {
        return Exposition.of(registry).get(P + series);
    }

    /** The {@code _versions} series of a component: version → value. */
    private Map<String, Double> versions(String component) {
        String prefix = P + "_versions{active=\"1\",component=\"" + component + "\",version=\"";
        return Exposition.of(registry).samples().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .collect(Collectors.toMap(e -> e.getKey().substring(prefix.length(), e.getKey().length() - 2),
                        Map.Entry::getValue));
    }

    @Test
    void pastTheNodeLimitNewNodesAreRefusedAndKnownOnesStillUpdate() {
        TallyRecorder r = recorder(2, 300);
        r.record(Events.alive("server", "n1", "1.0"));
        r.record(Events.alive("server", "n2", "1.0"));
        r.record(Events.alive("server", "n3", "1.0"));
        r.record(Events.startup("server", "n4", "1.0"));
        r.record(Events.alive("server", "n1", "2.0"));
        assertThat(r.nodes()).isEqualTo(2);
        assertThat(r.version("server", "n3")).isNull();
        assertThat(r.version("server", "n1")).isEqualTo("2.0");
        assertThat(versions("server")).containsEntry("1.0", 1.0).containsEntry("2.0", 1.0);
        assertThat(metric("_refused_events{active=\"1\",component=\"server\",reason=\"node_limit\"}")).isEqualTo(2);
        assertThat(metric("_good_events{active=\"1\",component=\"server\"}")).as("refused events are valid").isEqualTo(5);
        assertThat(Exposition.of(registry).text()).doesNotContain(P + "_process_errors{");
    }

    @Test
    void aNodeForgottenGivesItsPlaceBack() {
        TallyRecorder r = recorder(1, 300);
        r.record(Events.alive("server", "n1", "1.0"));
        r.record(Events.alive("server", "n2", "1.0"));
        r.record(Events.shutdown("server", "n1"));
        r.record(Events.alive("server", "n2", "1.0"));
        assertThat(r.version("server", "n2")).isEqualTo("1.0");
        clock.advance(Duration.ofMinutes(12));
        assertThat(r.expire()).isEqualTo(1);
        r.record(Events.alive("server", "n3", "1.0"));
        assertThat(r.version("server", "n3")).as("an expired node's place is free again").isEqualTo("1.0");
        assertThat(r.nodeLimit()).isEqualTo(new TallyRecorder.NodeLimitState(1, 1, 1));
    }

    @Test
    void aLongIdentityTakesThePlacesOfItsLength() {
        TallyRecorder r = recorder(4, 300);
        r.record(Events.alive("server", "x".repeat(200), "1.0"));
        assertThat(r.nodeLimit()).isEqualTo(new TallyRecorder.NodeLimitState(4, 4, 1));
        r.record(Events.alive("server", "short", "1.0"));
        assertThat(r.nodes()).isEqualTo(1);
    }

    @Test
    void versionsPastTheLimitAreNotExposedButTheirNodesAreTracked() {
        TallyRecorder r = recorder(100, 3);
        for (int i = 1; i <= 5; i++) {
            r.record(Events.alive("server", "n" + i, "1." + i));
        }
        assertThat(versions("server")).containsOnlyKeys("1.1", "1.2", "1.3");
        assertThat(r.nodes()).isEqualTo(5);
        assertThat(r.version("server", "n5")).isEqualTo(VersionLimit.OVER_LIMIT);
        assertThat(metric("_version_limit_nodes{active=\"1\",component=\"server\"}")).isEqualTo(2);
        assertThat(metric("_refused_events{active=\"1\",component=\"server\",reason=\"version_limit\"}")).isEqualTo(2);
        r.record(Events.alive("server", "n5", "1.9"));
        assertThat(metric("_refused_events{active=\"1\",component=\"server\",reason=\"version_limit\"}"))
                .as("every event of a version not exposed counts").isEqualTo(3);
        assertThat(metric("_version_limit_nodes{active=\"1\",component=\"server\"}")).isEqualTo(2);
        assertThat(Exposition.of(registry).text()).doesNotContain(P + "_process_errors{");
    }

    @Test
    void eachComponentHasItsOwnVersions() {
        TallyRecorder r = recorder(100, 1);
        r.record(Events.alive("server", "n1", "1.0"));
        r.record(Events.alive("broker", "b1", "2.0"));
        assertThat(versions("server")).containsOnlyKeys("1.0");
        assertThat(versions("broker")).containsOnlyKeys("2.0");
    }

    @Test
    void aVersionLeftByItsNodesMakesRoomForANewOne() {
        TallyRecorder r = recorder(100, 2);
        r.record(Events.alive("server", "n1", "1.0"));
        r.record(Events.alive("server", "n2", "1.1"));
        r.record(Events.alive("server", "n2", "1.0"));
        assertThat(versions("server")).as("the reference keeps a version's series at 0").containsEntry("1.1", 0.0);
        r.record(Events.alive("server", "n3", "2.0"));
        assertThat(versions("server")).containsOnlyKeys("1.0", "2.0");
        assertThat(r.version("server", "n3")).isEqualTo("2.0");
    }

    @Test
    void aNodeOnAVersionOverTheLimitMovesBackWhenItReportsAnExposedOne() {
        TallyRecorder r = recorder(100, 1);
        r.record(Events.alive("server", "n1", "1.0"));
        r.record(Events.alive("server", "n2", "9.9"));
        r.record(Events.alive("server", "n2", "1.0"));
        assertThat(versions("server")).containsEntry("1.0", 2.0);
        assertThat(metric("_version_limit_nodes{active=\"1\",component=\"server\"}")).isEqualTo(0);
    }

    @Test
    void nodesOnVersionsOverTheLimitExpireToo() {
        TallyRecorder r = recorder(100, 1);
        r.record(Events.alive("server", "n1", "1.0"));
        r.record(Events.alive("server", "n2", "9.9"));
        clock.advance(Duration.ofMinutes(12));
        assertThat(r.expire()).isEqualTo(2);
        assertThat(metric("_version_limit_nodes{active=\"1\",component=\"server\"}")).isEqualTo(0);
        assertThat(versions("server")).containsEntry("1.0", 0.0);
    }

    @Test
    void aVeryLongVersionOrTheMarkersOwnTextIsNeverExposed() {
        TallyRecorder r = recorder(100, 300);
        r.record(Events.alive("server", "n1", "1." + "0".repeat(VersionLimit.MAX_LENGTH)));
        r.record(Events.alive("server", "n2", VersionLimit.OVER_LIMIT));
        assertThat(versions("server")).isEmpty();
        assertThat(metric("_version_limit_nodes{active=\"1\",component=\"server\"}")).isEqualTo(2);
    }

    @Test
    void aStormOfDistinctVersionsKeepsTheSeriesBounded() {
        TallyRecorder r = recorder(1_000, 300);
        for (int i = 0; i < 100_000; i++) {
            r.record(Events.alive("server", "n" + i % 1_000, "1.0." + i));
        }
        assertThat(versions("server")).hasSizeLessThanOrEqualTo(300);
        Exposition e = Exposition.of(registry);
        assertThat(e.text().length()).isLessThan(100_000);
        double exposed = versions("server").values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(exposed + metric("_version_limit_nodes{active=\"1\",component=\"server\"}"))
                .as("every node is on an exposed version or counted as over the limit").isEqualTo(1_000);
    }

    @Test
    void theWarmStartStopsAtTheNodeLimitAndCountsNoLiveRefusals() {
        TallyRecorder r = recorder(3, 300);
        int used = 0;
        for (int i = 0; i < 10; i++) {
            used += r.replay(Events.at(Events.alive("server", "n" + i, "1.0"), clock.instant())) ? 1 : 0;
        }
        assertThat(used).as("a refused event is not used").isEqualTo(3);
        assertThat(r.nodes()).isEqualTo(3);
        assertThat(r.refusals().total(Refusals.Reason.NODE_LIMIT)).isEqualTo(7);
        assertThat(Exposition.of(registry).text()).doesNotContain(P + "_refused_events{");
        assertThat(r.refusals().summary()).as("the replay's own lines report them, not the live events' line").isNull();
    }

    @Test
    void refusalsAreSummedUpInOneLinePerInterval() {
        TallyRecorder r = recorder(1, 1);
        assertThat(r.refusals().summary()).as("nothing refused, nothing logged").isNull();
        r.record(Events.alive("server", "n1", "1.0"));
        r.record(Events.alive("server", "n1", "2.0"));
        for (int i = 0; i < 1_000; i++) {
            r.record(Events.alive("server", "new" + i, "1.0"));
        }
        assertThat(r.refusals().summary()).isEqualTo("Refused 1001 events in the last 10s (counted in _refused_events,"
                + " known nodes still update): 1000 of new nodes beyond the node limit of 1 (raise --max-nodes and the"
                + " heap, docs/tally.md has the sizes); 1 naming versions beyond the limit of 1 per component"
                + " (--max-versions), their nodes are counted in _version_limit_nodes");
        assertThat(r.refusals().summary()).as("each refusal is in one line only").isNull();
        assertThat(r.refusals().total(Refusals.Reason.NODE_LIMIT)).isEqualTo(1_000);
        assertThat(r.refusals().last(Refusals.Reason.NODE_LIMIT)).isEqualTo(clock.instant());
    }
}
