package io.choria.lifecycle.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ingest benchmark runs its receivers with the JVM settings the launcher gives the real
 * commands, so that what it measures is what an operator runs; this keeps the two copies equal.
 */
class ReceiverProcessTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "choria-lifecycle");

    @Test
    void theTallyReceiverRunsWithTheLaunchersTallySettings() throws IOException {
        assertThat(ReceiverProcess.TALLY_JVM).isEqualTo(launcherSettings("tally"));
    }

    @Test
    void theViewReceiverRunsWithTheLaunchersViewSettings() throws IOException {
        assertThat(ReceiverProcess.VIEW_JVM).isEqualTo(launcherSettings("view"));
    }

    @Test
    void extraOptionsAreAddedAndAnotherCollectorReplacesTheLaunchersOne() {
        assertThat(ReceiverProcess.jvmOptions("view", null)).isEqualTo(ReceiverProcess.VIEW_JVM);
        assertThat(ReceiverProcess.jvmOptions("tally", "  -XX:StartFlightRecording=filename=t.jfr "))
                .containsSequence(ReceiverProcess.TALLY_JVM).endsWith("-XX:StartFlightRecording=filename=t.jfr");
        assertThat(ReceiverProcess.jvmOptions("tally", "-XX:+UseZGC"))
                .contains("-XX:+UseZGC").doesNotContain("-XX:+UseG1GC").contains("-Xmx256m");
    }

    /** The {@code heap=(...)} and {@code gc=...} lines of {@code command)} in the launcher's case statement. */
    private static List<String> launcherSettings(String command) throws IOException {
        List<String> lines = Files.readAllLines(LAUNCHER);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(command + ")") || lines.get(i).strip().startsWith(command + " |")) {
                start = i;
                break;
            }
        }
        assertThat(start).as("a case for %s in %s", command, LAUNCHER).isNotNegative();
        List<String> settings = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i - 1).strip().endsWith(";;"); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("heap=(")) {
                String inner = line.substring("heap=(".length(), line.indexOf(')'));
                settings.addAll(List.of(inner.trim().split("\\s+")));
            } else if (line.startsWith("gc=")) {
                settings.add(line.substring("gc=".length()).replace(";;", "").strip());
            }
        }
        assertThat(settings).as("heap and gc settings for %s", command).hasSizeGreaterThan(1);
        return settings;
    }
}
