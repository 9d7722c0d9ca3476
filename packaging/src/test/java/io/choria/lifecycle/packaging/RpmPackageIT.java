package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The .rpm this build made, as rpm reports it ({@code rpm -qp --requires, --provides, --scripts,
 * --list}), held against what its spec says (read by rpm's own {@code rpmspec}) and the layout.
 */
class RpmPackageIT {
    private static final Pattern SCRIPT_HEADER = Pattern.compile(
            "^(\\w+) scriptlet \\(using [^)]+\\)(?::| -- (.+))$");
    private static final Map<String, String> SPEC_NAMES = Map.of("preinstall", "%pre", "postinstall", "%post",
            "preuninstall", "%preun", "postuninstall", "%postun");

    private final Path rpm = BuiltPackages.rpm();
    private final String versionRelease = BuiltPackages.rpmVersion() + "-1";

    @Test
    void itIsNamedForTheMavenVersionWithTildesAndReleaseOne() {
        assertThat(rpm.getFileName().toString())
                .isEqualTo("choria-lifecycle-" + BuiltPackages.rpmVersion() + "-1.noarch.rpm");
        assertThat(RpmTools.query(rpm, "--qf", "%{NAME} %{VERSION} %{RELEASE} %{ARCH}"))
                .isEqualTo("choria-lifecycle " + BuiltPackages.rpmVersion() + " 1 noarch");
    }

    /**
     * What the spec requires, and besides only what rpmbuild adds by itself: the interpreters of
     * the packaged scripts (bash by its absolute path, since %install rewrites the launcher's
     * '/usr/bin/env bash', which would only require env), the config() requirement and the
     * rpmlib() features.
     */
    @Test
    void itRequiresWhatTheSpecSaysAndTheInterpretersOfItsScripts() {
        Set<String> declared = lines(RpmTools.spec("-q", "--requires"));
        Set<String> required = lines(RpmTools.query(rpm, "--requires"));

        assertThat(declared).contains(
                "(java-headless >= 1:17 or java-17-headless or java-21-headless or java-25-headless)", "shadow-utils");
        assertThat(required).containsAll(declared);
        Set<String> added = new TreeSet<>(required);
        added.removeAll(declared);
        added.removeIf(r -> r.startsWith("rpmlib("));
        assertThat(added).as("/bin/sh, make-cds-archive's, the scriptlets already need")
                .containsExactlyInAnyOrder("/usr/bin/bash", "config(choria-lifecycle) = " + versionRelease);
    }

    @Test
    void itProvidesItsNameAndItsConfigurationAndNothingElse() {
        Set<String> declared = lines(RpmTools.spec("-q", "--provides"));

        assertThat(declared).containsExactly("choria-lifecycle = " + versionRelease);
        assertThat(lines(RpmTools.query(rpm, "--provides"))).containsExactlyInAnyOrder(
                "choria-lifecycle = " + versionRelease, "config(choria-lifecycle) = " + versionRelease);
    }

    /** Every scriptlet and file trigger, word for word as the spec has it once its macros are expanded. */
    @Test
    void itsScriptletsAndTriggersAreTheSpecs() {
        Map<String, String> spec = SpecSections.of(RpmTools.spec("-P"));
        Map<String, String> packaged = scripts(RpmTools.query(rpm, "--scripts") + RpmTools.query(rpm, "--filetriggers"));

        assertThat(packaged.keySet()).containsExactlyInAnyOrder("%pre", "%post", "%preun", "%postun",
                "%transfiletriggerin -- /usr/lib/jvm", "%transfiletriggerpostun -- /usr/lib/jvm");
        packaged.forEach((header, body) -> assertThat(body).as(header).isEqualTo(spec.get(header)));
        assertThat(commands(packaged.get("%post"))).as("installing enables and starts nothing")
                .noneMatch(l -> l.contains("systemctl"));
        assertThat(commands(packaged.get("%pre"))).anyMatch(l -> l.contains("useradd -r "))
                .anyMatch(l -> l.contains("groupadd -r "));
        assertThat(packaged.values().stream().flatMap(RpmPackageIT::commands)).as("erasing keeps the user")
                .noneMatch(l -> l.contains("userdel") || l.contains("groupdel"));
    }

    /** The layout's files for EL, the directories named after the package, and the spec's own two entries. */
    @Test
    void itListsTheLayoutsFilesTheDirectoriesItOwnsAndTheArchiveMadeAtInstall() {
        PackageLayout layout = PackageLayout.read();
        Set<String> expected = new TreeSet<>();
        for (PackageLayout.Entry e : layout.entries()) {
            String path = layout.pathIn(PackageLayout.Format.RPM, e.path());
            expected.add(path);
            for (Path dir = Path.of(path).getParent(); dir.getParent() != null; dir = dir.getParent()) {
                if (dir.toString().matches(".*/choria-lifecycle(/.*)?")) {
                    expected.add(dir.toString());
                }
            }
        }
        String files = SpecSections.named(SpecSections.of(RpmTools.spec("-P")), "%files").getValue();
        files.lines().filter(l -> !l.isBlank()).forEach(l -> expected.add(l.substring(l.lastIndexOf(' ') + 1)));

        assertThat(lines(RpmTools.query(rpm, "--list"))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).contains("/var/cache/choria-lifecycle/choria-lifecycle.jsa",
                "/etc/sysconfig/choria-lifecycle-tally", "/usr/lib/systemd/system/choria-lifecycle-tally.service");
    }

    /** rpm's --scripts / --filetriggers output as spec headers ("%pre", "%transfiletriggerin -- DIR") to bodies. */
    private static Map<String, String> scripts(String output) {
        Map<String, String> scripts = new LinkedHashMap<>();
        String header = null;
        StringBuilder body = new StringBuilder();
        for (String line : output.lines().toList()) {
            Matcher m = SCRIPT_HEADER.matcher(line);
            if (m.matches()) {
                if (header != null) {
                    scripts.put(header, body.toString().stripTrailing());
                }
                header = m.group(2) == null ? SPEC_NAMES.getOrDefault(m.group(1), "%" + m.group(1))
                        : "%" + m.group(1) + " -- " + m.group(2);
                body = new StringBuilder();
            } else {
                body.append(body.length() == 0 ? "" : "\n").append(line);
            }
        }
        if (header != null) {
            scripts.put(header, body.toString().stripTrailing());
        }
        return scripts;
    }

    /** A script's lines but its comments. */
    private static Stream<String> commands(String script) {
        return script.lines().filter(l -> !l.trim().startsWith("#"));
    }

    private static Set<String> lines(String output) {
        return output.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }
}
