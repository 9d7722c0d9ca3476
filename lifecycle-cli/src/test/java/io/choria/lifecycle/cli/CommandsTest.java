package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private static List<String> all() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return List.copyOf(ChoriaLifecycle.commandLine(InputStream.nullInputStream(), sink, sink).getSubcommands().keySet());
    }

    @Test
    void aRunOfOneCommandBuildsOnlyThatCommand() {
        assertThat(Commands.reachable("encode", "--type", "alive")).containsExactly("encode");
        assertThat(Commands.reachable("--debug", "tally", "--port", "0")).containsExactly("tally");
    }

    @Test
    void aBareVersionBuildsNoCommand() {
        assertThat(Commands.reachable("--version")).isEmpty();
        assertThat(Commands.reachable("--debug", "-V")).isEmpty();
    }

    @Test
    void helpNoCommandAndUnknownCommandsSeeThemAll() {
        assertThat(Commands.reachable()).isEqualTo(all());
        assertThat(Commands.reachable("--help")).isEqualTo(all());
        assertThat(Commands.reachable("--version", "--help")).isEqualTo(all());
        assertThat(Commands.reachable("help", "decode")).isEqualTo(all());
        assertThat(Commands.reachable("encod")).isEqualTo(all());
        assertThat(Commands.reachable("--debug")).isEqualTo(all());
    }

    @Test
    void aMistypedCommandStillGetsASuggestion() {
        CliRun run = CliRun.run("encod").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("did you mean encode");
    }

    @Test
    void noCommandStillNamesThemAll() {
        CliRun run = CliRun.run("--debug").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderrLines().get(0)).contains("encode, decode, publish, view, tally, nodes, simulate, demo, bench");
    }

    @Test
    void aCommandsHelpGoesToTheGivenStream() {
        CliRun run = CliRun.run("encode", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: choria-lifecycle encode");
    }
}
