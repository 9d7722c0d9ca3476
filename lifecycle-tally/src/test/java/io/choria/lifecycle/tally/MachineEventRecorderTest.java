package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Machine transitions and exec watcher states, read back through the exposition writer. */
class MachineEventRecorderTest {
    private static final String P = "choria_tally";
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final MachineEventRecorder recorder = new MachineEventRecorder(new TallyMetrics(P, registry, () -> true));

    private Double metric(String series) {
        return Exposition.of(registry).get(P + series);
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

    /** Go's Duration.Seconds() adds whole seconds and the fraction; n / 1e9 differs in the last bit for some n. */
    @Test
    void runTimesAreConvertedToSecondsExactlyAsGoDoes() {
        recorder.onExecStateMessage(Events.execState("m", "1.0", "check", "success", 1_374_408_921L));
        assertThat(Exposition.of(registry).text()).contains(
                "choria_tally_exec_watcher_runtime_sum{active=\"1\",machine=\"m\",version=\"1.0\",watcher=\"check\"} 1.3744089210000001\n");
    }
}
