package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Debian's lintian on the built .deb, as rpmlint runs on the .rpm: no error, and every other tag
 * it gives (warnings, and with {@code -I -E --pedantic} the informational, experimental and
 * pedantic ones) listed with its reason in packaging/README.md, no more and no fewer. There are
 * no overrides: a tag kept is one the README explains.
 */
class LintianIT {
    private static final Path README = Path.of("README.md").toAbsolutePath();
    private static final Pattern TAG = Pattern.compile("^([EWIPXO]): choria-lifecycle(?: [a-z]+)?: (\\S+).*$");
    private static final Map<String, String> LEVELS = Map.of("E", "error", "W", "warning", "I", "info",
            "P", "pedantic", "X", "experimental", "O", "overridden");

    @Test
    void lintianFindsNoErrorAndOnlyWhatTheReadmeExplains() throws IOException {
        ProcessRun run = ProcessRun.of(DebianPackage.program("lintian", "lintian"), "--tag-display-limit", "0",
                "-I", "-E", "--pedantic", BuiltPackages.deb().toString());
        Map<String, String> tags = new TreeMap<>();
        for (String line : run.stdout().lines().toList()) {
            Matcher m = TAG.matcher(line);
            assertThat(m.matches()).as("a tag line: " + line + "\n" + run.describe()).isTrue();
            tags.put(m.group(2), LEVELS.get(m.group(1)));
        }

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(tags).as(run.describe()).doesNotContainValue("error").doesNotContainValue("overridden");
        assertThat(tags).as("tags kept; packaging/README.md, lintian, lists each with its reason")
                .isEqualTo(explained());
    }

    /** Tag to level, from the README's lintian table. */
    private static Map<String, String> explained() throws IOException {
        Map<String, String> tags = new TreeMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## lintian");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                tags.put(cells[1].trim().replace("`", ""), cells[2].trim());
            }
        }
        Set<String> levels = new TreeSet<>(tags.values());
        assertThat(levels).as("README.md's '## lintian' table").isNotEmpty().isSubsetOf(LEVELS.values());
        return tags;
    }
}
