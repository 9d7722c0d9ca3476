package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void memoryPrintsOneJsonLineForTheNodesTracked() {
        assertThat(run("memory", "--nodes", "20000", "--json")).isZero();
        String line = out.toString().trim();
        assertThat(line).matches("\\{\"nodes\":20000,\"bytes_per_node\":[0-9.]+,\"retained_bytes\":-?[0-9]+,"
                + "\"nodes_tracked\":20000,\"versions\":5,\"heap_max_bytes\":[0-9]+}");
        assertThat(line.lines().count()).isEqualTo(1);
    }

    @Test
    void memoryPrintsReadableTextWithoutJson() {
        assertThat(run("memory", "--nodes", "1000")).isZero();
        assertThat(out.toString()).contains("1,000 nodes (5 versions) retain").contains("bytes per node");
    }

    @Test
    void aBadNodeCountIsAOneLineError() {
        assertThat(run("memory", "--nodes", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--nodes must be between 1 and 20000000, got 0");
    }

    @Test
    void benchWithoutASubcommandSaysWhatIsMissing() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).startsWith("missing subcommand: memory");
    }
}
