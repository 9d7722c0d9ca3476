package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.GovernorStage;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The spec's update rules, read back through the exposition writer with a clock moved by hand. */
class TallyRecorderTest {
    private static final String P = "choria_tally";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final TallyRecorder recorder = new TallyRecorder(new TallyMetrics(P, registry, leader::get),
            ExpiryWindow.of(Duration.ofMinutes(10)), clock);

    private Double metric(String series) {
        return Exposition.of(registry).get(P + series);
    }

    @Test
    void aliveOfAnUnknownHostCountsItsVersion() {
        recorder.record(Events.alive("server", "n1", "1.0"));
        recorder.record(Events.alive("server", "n2", "1.0"));
        recorder.record(Events.alive("server", "n1", "1.0"));
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(2);
        assertThat(metric("_event_types{active=\"1\",component=\"server\",type=\"alive\"}")).isEqualTo(3);
        assertThat(metric("_good_events{active=\"1\",component=\"server\"}")).isEqualTo(3);
        assertThat(metric("_processing_time_count{active=\"1\",component=\"server\"}")).isEqualTo(3);
    }

    @Test
    void aliveWithANewVersionMovesTheHost() {
        recorder.record(Events.alive("server", "n1", "1.0"));
        recorder.record(Events.alive("server", "n1", "2.0"));
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(0);
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"2.0\"}")).isEqualTo(1);
        assertThat(recorder.version("server", "n1")).isEqualTo("2.0");
    }

    @Test
    void startupOfAKnownHostReplacesItsVersion() {
        recorder.record(Events.alive("server", "n1", "1.0"));
        recorder.record(Events.startup("server", "n1", "1.0"));
        recorder.record(Events.startup("server", "n2", "2.0"));
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(1);
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"2.0\"}")).isEqualTo(1);
        assertThat(metric("_event_types{active=\"1\",component=\"server\",type=\"startup\"}")).isEqualTo(2);
    }

    @Test
    void shutdownForgetsAKnownHostAndIgnoresAnUnknownOne() {
        recorder.record(Events.alive("server", "n1", "1.0"));
        recorder.record(Events.shutdown("server", "n1"));
        recorder.record(Events.shutdown("server", "stranger"));
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(0);
        assertThat(recorder.nodes()).isZero();
        assertThat(metric("_good_events{active=\"1\",component=\"server\"}")).isEqualTo(3);
        assertThat(metric("_event_types{active=\"1\",component=\"server\",type=\"shutdown\"}")).isEqualTo(2);
    }

    @Test
    void governorEventsAreCountedByGovernorAndStage() {
        recorder.record(Events.governor("server", "n1", "PUPPET", GovernorStage.ENTER));
        recorder.record(Events.governor("server", "n2", "PUPPET", GovernorStage.ENTER));
        recorder.record(Events.governor("server", "n1", "PUPPET", GovernorStage.EXIT));
        assertThat(metric("_governor{active=\"1\",component=\"server\",event=\"enter\",governor=\"PUPPET\"}")).isEqualTo(2);
        assertThat(metric("_governor{active=\"1\",component=\"server\",event=\"exit\",governor=\"PUPPET\"}")).isEqualTo(1);
        assertThat(recorder.nodes()).isZero();
    }

    @Test
    void provisionedAndUpgradedOnlyCountTheirType() {
        recorder.record(Events.provisioned("server", "n1"));
        recorder.record(Events.upgraded("server", "n1", "1.0", "2.0"));
        assertThat(metric("_event_types{active=\"1\",component=\"server\",type=\"provisioned\"}")).isEqualTo(1);
        assertThat(metric("_event_types{active=\"1\",component=\"server\",type=\"upgraded\"}")).isEqualTo(1);
        assertThat(recorder.nodes()).isZero();
        assertThat(Exposition.of(registry).text()).doesNotContain(P + "_versions{");
    }

    @Test
    void undecodableLifecycleMessagesCountAgainstTheSubjectsLastToken() {
        recorder.onLifecycleMessage("choria.lifecycle.event.alive.server", "{not json".getBytes(StandardCharsets.UTF_8));
        recorder.onLifecycleMessage("choria.lifecycle.event.alive.server", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(metric("_process_errors{active=\"1\",component=\"server\"}")).isEqualTo(2);
        assertThat(metric("_good_events{active=\"1\",component=\"server\"}")).isNull();
    }

    @Test
    void bothWireFormatsAreRead() {
        recorder.onLifecycleMessage("choria.lifecycle.event.alive.server", Events.json(Events.alive("server", "a", "1")));
        recorder.onLifecycleMessage("choria.lifecycle.event.alive.server", Events.cloudEventJson(Events.alive("server", "b", "1")));
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1\"}")).isEqualTo(2);
    }

    @Test
    void theActiveLabelIsTakenAtEachUpdate() {
        recorder.record(Events.alive("server", "n1", "1.0"));
        leader.set(false);
        recorder.record(Events.alive("server", "n2", "1.0"));
        recorder.record(Events.shutdown("server", "n1"));
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(1);
        assertThat(metric("_versions{active=\"0\",component=\"server\",version=\"1.0\"}")).isEqualTo(0);
        assertThat(metric("_good_events{active=\"0\",component=\"server\"}")).isEqualTo(2);
        assertThat(metric("_good_events{active=\"1\",component=\"server\"}")).isEqualTo(1);
    }

    @Test
    void silentNodesExpireAfterTheWindow() {
        recorder.record(Events.alive("server", "quiet", "1.0"));
        recorder.record(Events.alive("server", "chatty", "1.0"));
        clock.advance(Duration.ofMinutes(6));
        recorder.record(Events.alive("server", "chatty", "1.0"));
        clock.advance(Duration.ofMinutes(4).minusSeconds(1));
        assertThat(recorder.expire()).isZero();
        clock.advance(Duration.ofSeconds(1).plus(ExpiryWindow.of(Duration.ofMinutes(10)).maxDelay()));
        assertThat(recorder.expire()).isEqualTo(1);
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(1);
        assertThat(metric("_nodes_expired{active=\"1\",component=\"server\"}")).isEqualTo(1);
        assertThat(recorder.version("server", "quiet")).isNull();
    }

    @Test
    void expiringManyNodesTakesSeveralChunks() {
        int n = TallyRecorder.EXPIRY_CHUNK * 2 + 10;
        for (int i = 0; i < n; i++) {
            recorder.record(Events.alive("server", "n" + i, "1.0"));
        }
        clock.advance(Duration.ofMinutes(12));
        assertThat(recorder.expire()).isEqualTo(n);
        assertThat(metric("_nodes_expired{active=\"1\",component=\"server\"}")).isEqualTo(n);
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(0);
    }

    @Test
    void replayUsesTheEventsTimeAndTouchesOnlyTheTableAndVersions() {
        Instant now = clock.instant();
        assertThat(recorder.replay(Events.at(Events.alive("server", "recent", "1.0"), now.minus(Duration.ofMinutes(9))))).isTrue();
        assertThat(recorder.replay(Events.at(Events.alive("server", "ancient", "1.0"), now.minus(Duration.ofMinutes(11))))).isFalse();
        assertThat(recorder.replay(Events.at(Events.startup("server", "other", "2.0"), now.minusSeconds(5)))).isTrue();
        assertThat(recorder.version("server", "ancient")).isNull();
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(1);
        assertThat(metric("_versions{active=\"1\",component=\"server\",version=\"2.0\"}")).isEqualTo(1);
        assertThat(Exposition.of(registry).text()).doesNotContain("_good_events{").doesNotContain("_event_types{");
        clock.advance(Duration.ofMinutes(1).plusSeconds(30));
        assertThat(recorder.expire()).isEqualTo(1); // "recent" was last seen 9 minutes before now
        assertThat(recorder.version("server", "other")).isEqualTo("2.0");
    }
}
