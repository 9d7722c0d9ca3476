package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Debian's rpmlint on the built .rpm: no error with the project's settings (src/rpm/rpmlint.toml),
 * and every message it gives, or that those settings filter, explained in packaging/README.md.
 */
class RpmlintIT {
    private static final Path SETTINGS = Path.of("src", "rpm", "rpmlint.toml").toAbsolutePath();
    private static final Path README = Path.of("README.md").toAbsolutePath();
    private static final Pattern MESSAGE = Pattern.compile("^choria-lifecycle\\.noarch:(?:\\d+:)? ([EW]): (\\S+).*$");

    @Test
    void withTheProjectsSettingsRpmlintFindsNoErrorAndOnlyTheWarningsTheReadmeExplains() throws IOException {
        ProcessRun run = rpmlint("-c", SETTINGS.toString());
        Map<String, String> messages = messages(run);

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(messages).as(run.describe()).doesNotContainValue("E");
        assertThat(messages.keySet()).as("warnings kept; packaging/README.md, rpmlint, lists each with its reason")
                .containsExactlyInAnyOrderElementsOf(explained("warning"));
    }

    /**
     * Without the settings the errors are exactly those they filter and the README explains: a
     * filter can neither hide a new error nor outlive the one it was written for.
     */
    @Test
    void theSettingsFilterOnlyTheErrorsTheReadmeExplains() throws IOException {
        ProcessRun run = rpmlint();
        Set<String> errors = messages(run).entrySet().stream().filter(e -> e.getValue().equals("E"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));

        assertThat(run.ok()).as("rpmlint fails on errors: " + run.describe()).isFalse();
        assertThat(errors).containsExactlyInAnyOrderElementsOf(explained("error, filtered"));
        assertThat(Files.readString(SETTINGS)).contains(errors.stream().map(e -> "E: " + e).toList());
    }

    private static ProcessRun rpmlint(String... options) {
        List<String> command = new ArrayList<>(List.of(RpmTools.rpmlint()));
        command.addAll(List.of(options));
        command.add(BuiltPackages.rpm().toString());
        return ProcessRun.of(command.toArray(String[]::new));
    }

    /** Message id to level (E or W), from rpmlint's report lines. */
    private static Map<String, String> messages(ProcessRun run) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (String line : run.stdout().lines().toList()) {
            Matcher m = MESSAGE.matcher(line);
            if (m.matches()) {
                messages.merge(m.group(2), m.group(1), (a, b) -> a.equals("E") || b.equals("E") ? "E" : "W");
            }
        }
        return messages;
    }

    /** The message ids of the README's rpmlint table kept as {@code keptAs}. */
    private static Set<String> explained(String keptAs) throws IOException {
        Set<String> ids = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## rpmlint");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                if (cells[2].trim().equals(keptAs)) {
                    ids.add(cells[1].trim().replace("`", ""));
                }
            }
        }
        assertThat(ids).as("README.md's '## rpmlint' table has rows kept as " + keptAs).isNotEmpty();
        return ids;
    }
}
