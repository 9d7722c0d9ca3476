package io.choria.lifecycle.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetComparisonTest {
    private static final Map<String, Map<String, Long>> FLEET = Map.of(
            "server", Map.of("0.30.1", 250L, "0.31.0", 1200L), "broker", Map.of("0.31.0", 3L));

    @Test
    void theSameFleetMatchesAndIsShownAsATable() {
        FleetComparison c = new FleetComparison(FLEET, FLEET);
        assertThat(c.matches()).isTrue();
        assertThat(c.differences()).isEmpty();
        assertThat(c.table()).containsExactly(
                "  COMPONENT              VERSION            TALLY  SIMULATED",
                "  broker                 0.31.0                 3          3",
                "  server                 0.30.1               250        250",
                "  server                 0.31.0             1,200      1,200",
                "  all                                       1,453      1,453");
    }

    @Test
    void aCountOrAVersionOnOneSideOnlyIsADifference() {
        Map<String, Map<String, Long>> tally = Map.of(
                "server", Map.of("0.30.1", 251L, "0.31.0", 1200L, "0.29.4", 1L), "broker", Map.of("0.31.0", 3L));
        FleetComparison c = new FleetComparison(tally, FLEET);
        assertThat(c.matches()).isFalse();
        assertThat(c.differences()).containsExactly(
                "server 0.29.4: 1 nodes in the tally, 0 simulated",
                "server 0.30.1: 251 nodes in the tally, 250 simulated");
        assertThat(c.table()).contains("  server                 0.30.1               251        250   <- differs");
    }

    @Test
    void aComponentTheTallyLacksIsADifference() {
        FleetComparison c = new FleetComparison(Map.of("server", FLEET.get("server")), FLEET);
        assertThat(c.matches()).isFalse();
        assertThat(c.differences()).containsExactly("broker 0.31.0: 0 nodes in the tally, 3 simulated");
    }
}
