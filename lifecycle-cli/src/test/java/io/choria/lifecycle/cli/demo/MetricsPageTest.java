package io.choria.lifecycle.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsPageTest {
    private static final String PAGE = """
            # HELP choria_tally_versions The number of observations for a specific version and component
            # TYPE choria_tally_versions gauge
            choria_tally_versions{active="1",component="server",version="0.31.0"} 600
            choria_tally_versions{active="1",component="server",version="0.30.1"} 0
            choria_tally_versions{active="0",component="server",version="0.30.1"} 12
            choria_tally_versions{active="1",component="broker",version="0.31.0"} 3
            choria_tally_good_events{active="1",component="server"} 1234
            choria_tally_good_events{active="1",component="broker"} 6
            choria_tally_process_errors{active="1",component="transition"} 2
            choria_tally_machine_transition{active="1",from="ok",machine="odd \\"name\\", with\\\\ escapes",to="warning",transition="WARNING",version="1.0"} 7
            choria_tally_processing_time_sum{active="1",component="server"} 1.5e-3
            up 1 1700000000000
            """;

    @Test
    void readsLabelsWithEscapesAndValuesInAnyNotation() {
        MetricsPage page = MetricsPage.parse(PAGE);
        assertThat(page.samples()).hasSize(10);
        MetricsPage.Sample transition = page.samples().get(7);
        assertThat(transition.labels()).containsEntry("machine", "odd \"name\", with\\ escapes").containsEntry("to", "warning");
        assertThat(transition.value()).isEqualTo(7);
        assertThat(page.samples().get(8).value()).isEqualTo(0.0015);
        assertThat(page.samples().get(9)).isEqualTo(new MetricsPage.Sample("up", Map.of(), 1));
    }

    @Test
    void theFleetIsTheActiveVersionsWithNodes() {
        assertThat(MetricsPage.parse(PAGE).fleet("choria_tally")).isEqualTo(Map.of(
                "server", Map.of("0.31.0", 600L), "broker", Map.of("0.31.0", 3L)));
    }

    @Test
    void sumsLeaveOutTheNamedLabelValues() {
        MetricsPage page = MetricsPage.parse(PAGE);
        assertThat(page.sum("choria_tally_good_events", "component")).isEqualTo(1240);
        assertThat(page.sum("choria_tally_good_events", "component", "broker")).isEqualTo(1234);
        assertThat(page.sum("choria_tally_process_errors", "component", "transition", "exec_watcher")).isZero();
    }

    @Test
    void aLineThatIsNotASampleIsNamed() {
        assertThatThrownBy(() -> MetricsPage.parse("choria_tally_versions{active=\"1\" 3\n"))
                .isInstanceOf(LifecycleException.class).hasMessage("not a metrics sample: choria_tally_versions{active=\"1\" 3");
    }
}
