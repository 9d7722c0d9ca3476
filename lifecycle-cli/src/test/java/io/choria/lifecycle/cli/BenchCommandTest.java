package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void memoryPrintsOneJsonLineForTheNodesTracked() {
        CliRun r = CliRun.run("bench", "memory", "--nodes", "20000", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutLines()).singleElement().asString().matches(
                "\\{\"nodes\":20000,\"bytes_per_node\":-?[0-9.]+,\"retained_bytes\":-?[0-9]+,"
                + "\"nodes_tracked\":20000,\"versions\":5,\"baseline_bytes_per_node\":-?[0-9.]+,"
                + "\"baseline_retained_bytes\":-?[0-9]+,\"heap_max_bytes\":[0-9]+}");
    }

    @Test
    void memoryPrintsReadableTextWithoutJson() {
        CliRun r = CliRun.run("bench", "memory", "--nodes", "1000");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("1,000 nodes (5 versions) retain").contains("bytes per node")
                .contains("the same nodes in a plain HashMap table retain");
    }

    @Test
    void aBadNodeCountIsAOneLineUsageError() {
        CliRun r = CliRun.run("bench", "memory", "--nodes", "0").assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("error: --nodes must be between 1 and 20000000, got 0");
    }

    @Test
    void benchWithoutASubcommandSaysWhatIsMissing() {
        CliRun r = CliRun.run("bench").assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("error: missing subcommand: memory, ingest, warm-start or burst");
    }
}
