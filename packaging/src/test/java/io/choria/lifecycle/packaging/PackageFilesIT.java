package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb and the .rpm hold the same files, those of packaging/src/layout/files: the same paths
 * (but for the two the layout says differ), modes, configuration files and contents (but for the
 * settings path the templates fill in, and the launcher's interpreter line in the .rpm).
 */
class PackageFilesIT {
    private static final PackageLayout LAYOUT = PackageLayout.read();
    private static final String LAUNCHER = "/usr/bin/choria-lifecycle";
    /** The one file not in the layout: stage writes it for the .deb alone (the .rpm's is the spec's %changelog). */
    private static final String DEBIAN_CHANGELOG = "/usr/share/doc/choria-lifecycle/changelog.gz";
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static Path debTree;
    private static Path rpmTree;

    @BeforeAll
    static void unpackBoth() throws IOException {
        debTree = Files.createTempDirectory(BuiltPackages.DIR, "deb-payload-");
        ProcessRun x = ProcessRun.of("dpkg-deb", "-x", BuiltPackages.deb().toString(), debTree.toString());
        assertThat(x.ok()).as(x.describe()).isTrue();
        rpmTree = Files.createTempDirectory(BuiltPackages.DIR, "rpm-payload-");
        RpmTools.unpack(BuiltPackages.rpm(), rpmTree);
    }

    @AfterAll
    static void remove() throws IOException {
        for (Path tree : new Path[] {debTree, rpmTree}) {
            if (tree != null) {
                Trees.delete(tree);
            }
        }
    }

    @Test
    void bothInstallTheLayoutsFilesWithItsModes() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (PackageLayout.Entry e : LAYOUT.entries()) {
            expected.put(LAYOUT.pathIn(PackageLayout.Format.RPM, e.path()), rwx(e.mode()));
        }

        Map<String, String> deb = new TreeMap<>();
        files(debTree).forEach((path, mode) -> deb.put(LAYOUT.rpmPathOf(path), mode));
        assertThat(deb.remove(DEBIAN_CHANGELOG)).as("the .deb's own changelog, made by stage").isEqualTo("rw-r--r--");
        assertThat(deb).as("the .deb's files, at the .rpm's paths").isEqualTo(expected);
        assertThat(files(rpmTree)).as("the .rpm's files").isEqualTo(expected);
    }

    @Test
    void theSameFilesAreTheOperatorsInBoth() {
        Set<String> expected = LAYOUT.entries().stream().filter(PackageLayout.Entry::config)
                .map(e -> LAYOUT.pathIn(PackageLayout.Format.RPM, e.path())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> conffiles = ProcessRun.of("dpkg-deb", "-I", BuiltPackages.deb().toString(), "conffiles").stdout()
                .lines().map(LAYOUT::rpmPathOf).collect(Collectors.toCollection(TreeSet::new));
        Set<String> noreplace = RpmTools.query(BuiltPackages.rpm(), "--qf", "[%{FILEFLAGS:fflags} %{FILENAMES}\n]")
                .lines().filter(l -> l.matches("\\S*c\\S*n\\S* .*|\\S*n\\S*c\\S* .*"))
                .map(l -> l.substring(l.indexOf(' ') + 1)).collect(Collectors.toCollection(TreeSet::new));

        assertThat(expected).contains("/etc/sysconfig/choria-lifecycle-tally", "/etc/choria-lifecycle/choria.conf");
        assertThat(conffiles).as("the .deb's conffiles").isEqualTo(expected);
        assertThat(noreplace).as("the .rpm's %config(noreplace) files").isEqualTo(expected);
    }

    /** Each file of both packages is its source, templates filled in with each package's own paths. */
    @Test
    void bothHoldTheirSourcesButForTheirOwnPaths() throws IOException {
        for (PackageLayout.Entry e : LAYOUT.entries()) {
            String debPath = LAYOUT.pathIn(PackageLayout.Format.DEB, e.path());
            String rpmPath = LAYOUT.pathIn(PackageLayout.Format.RPM, e.path());
            Path source = REPOSITORY.resolve(e.source());
            Path deb = debTree.resolve(debPath.substring(1));
            Path rpm = rpmTree.resolve(rpmPath.substring(1));
            if (e.kind().endsWith(",template")) {
                String text = Files.readString(source);
                assertThat(deb).as(debPath).hasBinaryContent(utf8(LAYOUT.pathIn(PackageLayout.Format.DEB, text)));
                assertThat(rpm).as(rpmPath).hasBinaryContent(utf8(LAYOUT.pathIn(PackageLayout.Format.RPM, text)));
            } else if (rpmPath.equals(LAUNCHER)) {
                String text = Files.readString(source);
                assertThat(deb).as(debPath).hasBinaryContent(utf8(text));
                assertThat(text).startsWith("#!/usr/bin/env bash\n");
                assertThat(rpm).as(rpmPath + ": its interpreter named, as EL's brp-mangle-shebangs would")
                        .hasBinaryContent(utf8(text.replaceFirst("^#!/usr/bin/env bash\n", "#!/usr/bin/bash\n")));
            } else {
                assertThat(deb).as(debPath).hasSameBinaryContentAs(source);
                assertThat(rpm).as(rpmPath).hasSameBinaryContentAs(source);
            }
        }
    }

    /** Debian's policy 12.7: a native package's changelog, for the version it is, compressed. */
    @Test
    void theDebHasADebianChangelogOfItsVersion() throws IOException {
        String version = ProcessRun.of("dpkg-deb", "-f", BuiltPackages.deb().toString(), "Version").stdout().trim();
        Path changelog = debTree.resolve(DEBIAN_CHANGELOG.substring(1));
        String parser = DebianPackage.program("dpkg-dev", "dpkg-parsechangelog");
        ProcessRun parsed = ProcessRun.of("sh", "-c", "gzip -dc '" + changelog + "' | " + parser + " -l - -S Version");
        assertThat(parsed.ok()).as(parsed.describe()).isTrue();
        assertThat(parsed.stdout().trim()).isEqualTo(version);
    }

    @Test
    void bothCarryTheSameVersion() {
        String deb = ProcessRun.of("dpkg-deb", "-f", BuiltPackages.deb().toString(), "Version").stdout().trim();

        assertThat(RpmTools.query(BuiltPackages.rpm(), "--qf", "%{VERSION}")).isEqualTo(deb);
    }

    /** What packaging/prometheus and packaging/grafana hold for operators (not the rules' tests) is in the layout. */
    @Test
    void everyPrometheusAndGrafanaFileIsInTheLayout() throws IOException {
        Set<String> sources = LAYOUT.entries().stream().map(PackageLayout.Entry::source).collect(Collectors.toSet());
        for (String dir : new String[] {"prometheus", "grafana"}) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path f : files.filter(f -> !f.toString().endsWith(".test.yml")).toList()) {
                    assertThat(sources).as(f + " is in no package: add it to " + PackageLayout.FILE)
                            .contains("packaging/" + dir + "/" + f.getFileName());
                }
            }
        }
    }

    /** Regular files under {@code tree}, as installed paths, with their permissions. */
    private static Map<String, String> files(Path tree) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put("/" + tree.relativize(p), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return files;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An octal mode such as 0640 as rwxr-x--- form. */
    private static String rwx(String octal) {
        int mode = Integer.parseInt(octal, 8);
        StringBuilder s = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }
}
