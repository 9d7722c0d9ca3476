package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The memory comparison fills both tables with every node it was asked for and reports both in one line. */
class NodeTableMemoryTest {
    @Test
    void bothTablesHoldTheNodesAndTheLineSaysSo() {
        assertThat(NodeTableMemory.measure(20_000)).matches(
                "\\{\"nodes\":20000,\"versions\":5,\"table_nodes\":20000,\"table_bytes_per_node\":-?[0-9.]+,"
                        + "\"baseline_nodes\":20000,\"baseline_bytes_per_node\":-?[0-9.]+,\"ratio\":-?[0-9.]+}");
    }
}
