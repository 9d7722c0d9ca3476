package io.choria.lifecycle.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's own files: its version is the build's, and its README documents every value. */
class ChartFilesTest {
    private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");

    @Test
    void theChartAndItsAppAreTheBuildsVersion() throws IOException {
        JsonNode chart = TallyChart.YAML.readTree(TallyChart.DIR.resolve("Chart.yaml").toFile());
        assertThat(chart.path("version").asText()).isEqualTo(VERSION);
        assertThat(chart.path("appVersion").asText()).as("the image's tag").isEqualTo(VERSION);
    }

    @Test
    void theReadmeNamesEveryValue() throws IOException {
        JsonNode values = TallyChart.YAML.readTree(TallyChart.DIR.resolve("values.yaml").toFile());
        String readme = Files.readString(TallyChart.DIR.resolve("README.md"));
        List<String> keys = new ArrayList<>();
        leaves("", values, keys);
        assertThat(keys).hasSizeGreaterThan(40);
        assertThat(keys).allSatisfy(k -> assertThat(readme).as("README.md names the value").contains("`" + k + "`"));
    }

    /** The dotted paths of the values that are not maps (a map that is empty by default counts as one). */
    private static void leaves(String prefix, JsonNode node, List<String> keys) {
        if (node.isObject() && node.size() > 0) {
            node.fields().forEachRemaining(e -> leaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys));
        } else {
            keys.add(prefix);
        }
    }
}
