package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as Grafana's import reads it: a {@code DS_PROMETHEUS} input that every query
 * uses, and panels for what the operator asked to see. That its queries run is
 * {@link PrometheusScrapeTest}'s part, against a real Prometheus.
 */
class GrafanaDashboardTest {
    private static JsonNode dashboard;

    @BeforeAll
    static void read() throws IOException {
        dashboard = new ObjectMapper().readTree(OperatorFiles.DASHBOARD.toFile());
    }

    @Test
    void asksForAPrometheusDataSourceOnImport() {
        assertThat(dashboard.path("__inputs")).singleElement().satisfies(input -> {
            assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
            assertThat(input.path("type").asText()).isEqualTo("datasource");
            assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        });
        assertThat(dashboard.path("__requires").findValuesAsText("id")).contains("grafana", "prometheus");
    }

    @Test
    void everyQueryAndVariableUsesThatDataSource() {
        List<JsonNode> users = new ArrayList<>();
        for (JsonNode panel : panels()) {
            if (!panel.path("type").asText().equals("row")) {
                users.add(panel.path("datasource"));
                panel.path("targets").forEach(t -> users.add(t.path("datasource")));
            }
        }
        dashboard.path("templating").path("list").forEach(v -> users.add(v.path("datasource")));

        assertThat(users).isNotEmpty().allSatisfy(ds -> {
            assertThat(ds.path("type").asText()).isEqualTo("prometheus");
            assertThat(ds.path("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
        });
    }

    @Test
    void panelsHaveUniqueIdsAPlaceAndQueries() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels()) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + panel.path("title")).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as(panel.path("title").asText()).isBetween(1, 24);
            assertThat(panel.path("gridPos").path("h").asInt()).isPositive();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                        .allSatisfy(t -> assertThat(t.path("expr").asText()).isNotBlank());
            }
        }
        assertThat(dashboard.path("uid").asText()).isEqualTo("choria-lifecycle-tally");
        assertThat(dashboard.path("title").asText()).isNotBlank();
    }

    /** Issue 9: versions over time, upgrade progress, event rates, errors, expiries, lost events, the active instance, processing time. */
    @Test
    void showsWhatTheOperatorAskedFor() {
        Map<String, String> queries = PromqlExpressions.dashboard(OperatorFiles.DASHBOARD);
        List<String> families = queries.values().stream()
                .flatMap(q -> PromqlExpressions.families(q, "choria_tally_").stream()).distinct().toList();

        assertThat(families).contains("choria_tally_versions", "choria_tally_event_types", "choria_tally_process_errors",
                "choria_tally_nodes_expired", "choria_tally_lost_events", "choria_tally_good_events",
                "choria_tally_processing_time_sum", "choria_tally_processing_time_count");
        assertThat(queries).containsKeys("Nodes per version / A", "Upgrade progress / A", "Active tally / A");
        assertThat(queries.get("Upgrade progress / A")).contains("version=\"$newest\"");
        assertThat(queries.get("Active tally / A")).contains("active=\"1\"");
    }

    @Test
    void everyVariableAQueryUsesIsDefined() {
        List<String> defined = dashboard.path("templating").path("list").findValuesAsText("name");
        Map<String, String> values = new java.util.HashMap<>();
        defined.forEach(name -> values.put(name, "x"));

        PromqlExpressions.dashboard(OperatorFiles.DASHBOARD).values()
                .forEach(q -> assertThat(PromqlExpressions.substitute(q, values)).doesNotContain("$"));
    }

    private static List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            all.add(p);
            p.path("panels").forEach(all::add);
        }
        return all;
    }
}
