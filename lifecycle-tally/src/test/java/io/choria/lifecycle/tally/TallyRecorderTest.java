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
    void transitionsAreCountedWithTheirStates() {
        recorder.onTransitionMessage(Events.transition("deploy", "1.0.0", "start", "idle", "running"));
        recorder.onTransitionMessage(Events.transition("deploy", "1.0.0", "start", "idle", "running"));
        assertThat(metric("_machine_transition{active=\"1\",from=\"idle\",machine=\"deploy\",to=\"running\","
                + "transition=\"start\",version=\"1.0.0\"}")).isEqualTo(2);
    }

    @Test
    void badTransitionsAreProcessErrors() {
        recorder.onTransitionMessage("nope".getBytes(StandardCharsets.UTF_8));
        recorder.onTransitionMessage(Events.cloudEvent("x", "{\"protocol\":\"io.choria.machine.v2.transition\"}"));
        recorder.onTransitionMessage(Events.cloudEvent("x", "{\"protocol\":\"io.choria.machine.v1.transition\",\"machine\":5}"));
        recorder.onTransitionMessage(Events.cloudEvent("x", "\"not an object\""));
        recorder.onTransitionMessage("{\"data\":{\"protocol\":\"io.choria.machine.v1.transition\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(metric("_process_errors{active=\"1\",component=\"transition\"}")).isEqualTo(5);
    }

    @Test
    void execWatcherOutcomesAreCountedAndTimedInSeconds() {
        recorder.onExecStateMessage(Events.execState("m", "1.0", "check", "success", 1_500_000_000L));
        recorder.onExecStateMessage(Events.execState("m", "1.0", "check", "error", 500_000_000L));
        recorder.onExecStateMessage(Events.execState("m", "1.0", "check", "skipped", 9_000_000_000L));
        recorder.onExecStateMessage(Events.execState("m", "1.0", "check", "unknown", 0));
        String labels = "{active=\"1\",machine=\"m\",version=\"1.0\",watcher=\"check\"}";
        assertThat(metric("_exec_watcher_success" + labels)).isEqualTo(1);
        assertThat(metric("_exec_watcher_failures" + labels)).isEqualTo(1);
        assertThat(metric("_exec_watcher_runtime_sum" + labels)).isEqualTo(2.0);
        assertThat(metric("_exec_watcher_runtime_count" + labels)).isEqualTo(2);
    }

    @Test
    void badExecWatcherStatesAreProcessErrors() {
        recorder.onExecStateMessage("[]".getBytes(StandardCharsets.UTF_8));
        recorder.onExecStateMessage(Events.transition("m", "1", "t", "a", "b"));
        recorder.onExecStateMessage(Events.cloudEvent("x", "{\"protocol\":\"io.choria.machine.watcher.exec.v1.state\","
                + "\"previous_outcome\":\"success\",\"previous_run_time\":\"slow\"}"));
        assertThat(metric("_process_errors{active=\"1\",component=\"exec_watcher\"}")).isEqualTo(3);
    }

    /** Go decodes the whole notification into its struct: a field of the wrong JSON type anywhere fails it. */
    @Test
    void everyFieldOfTheSchemaMustHaveItsType() {
        String transition = "{\"protocol\":\"io.choria.machine.v1.transition\",\"machine\":\"m\",";
        recorder.onTransitionMessage(Events.cloudEvent("x", transition + "\"timestamp\":\"yesterday\"}"));
        recorder.onTransitionMessage(Events.cloudEvent("x", transition + "\"id\":5}"));
        recorder.onTransitionMessage(Events.cloudEvent("x", transition + "\"identity\":true}"));
        assertThat(metric("_process_errors{active=\"1\",component=\"transition\"}")).isEqualTo(3);
        String exec = "{\"protocol\":\"io.choria.machine.watcher.exec.v1.state\",\"previous_outcome\":\"success\",";
        recorder.onExecStateMessage(Events.cloudEvent("x", exec + "\"command\":[\"ls\"]}"));
        recorder.onExecStateMessage(Events.cloudEvent("x", exec + "\"type\":1}"));
        recorder.onExecStateMessage(Events.cloudEvent("x", exec + "\"id\":{}}"));
        assertThat(metric("_process_errors{active=\"1\",component=\"exec_watcher\"}")).isEqualTo(3);
        assertThat(Exposition.of(registry).text()).doesNotContain("_machine_transition{").doesNotContain("_exec_watcher_success{");
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
