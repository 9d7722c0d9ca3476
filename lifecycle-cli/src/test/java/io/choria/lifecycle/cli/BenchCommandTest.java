package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void memoryPrintsOneJsonLineForTheNodesTracked() {
        CliRun r = CliRun.run("bench", "memory", "--nodes", "20000", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutLines()).singleElement().asString().matches(
                "\\{\"nodes\":20000,\"bytes_per_node\":-?[0-9.]+,\"retained_bytes\":-?[0-9]+,"
                + "\"nodes_tracked\":20000,\"versions\":5,\"heap_max_bytes\":[0-9]+}");
    }

    @Test
    void memoryPrintsReadableTextWithoutJson() {
        CliRun r = CliRun.run("bench", "memory", "--nodes", "1000");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("1,000 nodes (5 versions) retain").contains("bytes per node");
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
        assertThat(r.stderr()).startsWith("error: missing subcommand: memory, ingest, warm-start, burst or scrape");
    }

    /** A short round of each kind: the table says what was measured, and the TLS round really went over TLS. */
    @Test
    void scrapeTimesScrapesPlainAndOverTlsWhileEventsFlow() {
        CliRun r = CliRun.run("bench", "scrape", "--rate", "5000", "--seconds", "2", "--scrape-every", "100", "--rounds", "1")
                .assertCleanErrors();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> rounds = r.stdoutLines().stream().filter(l -> l.startsWith("  plain HTTP") || l.startsWith("  TLS + user"))
                .toList();
        assertThat(rounds).hasSize(2);
        for (String round : rounds) {
            String[] cells = round.trim().split("\\s{2,}");
            assertThat(Integer.parseInt(cells[1].trim())).as(round).isGreaterThan(5);
        }
    }

    @Test
    void scrapeRefusesNonsense() {
        CliRun r = CliRun.run("bench", "scrape", "--seconds", "1").assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines().get(0)).startsWith("error: --rate must be at least 1000");
    }
}
