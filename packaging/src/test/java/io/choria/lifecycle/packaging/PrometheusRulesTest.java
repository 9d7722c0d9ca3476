package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerting rules and the example scrape configuration, checked and tested by promtool itself. */
class PrometheusRulesTest {

    @Test
    void theRulesPassPromtoolsCheck() {
        ProcessRun run = ProcessRun.of(OperatorFiles.promtool(), "check", "rules", OperatorFiles.RULES.toString());

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(run.stdout()).contains("SUCCESS: 13 rules found");
    }

    @Test
    void theExampleScrapeConfigurationIsValidAndLoadsTheRules() {
        ProcessRun run = ProcessRun.of(OperatorFiles.promtool(), "check", "config", OperatorFiles.SCRAPE_CONFIG.toString());

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(run.stdout()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void theRulesPassTheirUnitTests() {
        ProcessRun run = ProcessRun.of(OperatorFiles.promtool(), "test", "rules", OperatorFiles.RULE_TESTS.toString());

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(run.stdout()).contains("SUCCESS");
    }

    /** The unit tests can fail: with a threshold changed, promtool reports the alert that no longer fires. */
    @Test
    void theUnitTestsCatchAChangedThreshold(@TempDir Path dir) throws IOException {
        String rules = Files.readString(OperatorFiles.RULES);
        assertThat(rules).contains("increase(choria_tally_nodes_expired[10m]))) > 5");
        Files.writeString(dir.resolve(OperatorFiles.RULES.getFileName().toString()),
                rules.replace("increase(choria_tally_nodes_expired[10m]))) > 5", "increase(choria_tally_nodes_expired[10m]))) > 50"));
        Files.copy(OperatorFiles.RULE_TESTS, dir.resolve(OperatorFiles.RULE_TESTS.getFileName()));

        ProcessRun run = ProcessRun.of(OperatorFiles.promtool(), "test", "rules",
                dir.resolve(OperatorFiles.RULE_TESTS.getFileName()).toString());

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.stdout() + run.stderr()).contains("ChoriaNodesExpiringInBulk");
    }

    @Test
    void everyAlertSaysHowBadItIsAndWhatHappened() {
        assertThat(PromqlExpressions.rules(OperatorFiles.RULES)).hasSize(13);
        String rules = read(OperatorFiles.RULES);
        assertThat(java.util.Arrays.stream(rules.split("- alert: ", -1)).skip(1).toList()).hasSize(13).allSatisfy(alert -> assertThat(alert)
                .containsPattern("severity: (critical|warning|info)")
                .contains("summary:")
                .contains("description:"));
    }

    @Test
    void theRulesWatchLostEventsAndEveryInstance() {
        assertThat(PromqlExpressions.rules(OperatorFiles.RULES).values())
                .anySatisfy(e -> assertThat(e).contains("choria_tally_lost_events"))
                .anySatisfy(e -> assertThat(e).contains("up{job=\"choria_lifecycle_tally\"}"))
                .anySatisfy(e -> assertThat(e).contains("choria_tally_nodes_expired"))
                .anySatisfy(e -> assertThat(e).contains("choria_tally_process_errors"))
                .anySatisfy(e -> assertThat(e).contains("choria_tally_refused_events"))
                .anySatisfy(e -> assertThat(e).contains("jvm_memory_max_bytes"))
                .anySatisfy(e -> assertThat(e).contains("process_start_time_seconds"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
