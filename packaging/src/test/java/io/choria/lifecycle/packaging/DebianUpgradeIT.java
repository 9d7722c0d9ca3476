package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrades of the .deb after the operator deleted a conffile, say the commented-out example
 * web-config.yml they do not use. dpkg does not bring a deleted conffile back on an upgrade, so
 * postinst meets the file missing; under {@code set -e} its {@code chgrp} used to fail the
 * upgrade and leave the package half-configured. Each conffile is deleted in turn (the ones
 * deleted before stay deleted) and the package upgraded to a newer version: every upgrade
 * succeeds and the file stays deleted, as the operator wanted.
 */
class DebianUpgradeIT {
    private static final List<Path> CONFFILES = List.of(Path.of("/etc/default/choria-lifecycle-tally"),
            Path.of("/etc/choria-lifecycle/choria.conf"), Path.of("/etc/choria-lifecycle/web-config.yml"));
    private static MachineState before;
    private static Path work;

    @BeforeAll
    static void install() throws IOException {
        assertThat(System.getProperty("user.name")).as("the upgrade test runs dpkg: run the build as root")
                .isEqualTo("root");
        before = MachineState.lockAndCapture();
        if (MachineState.installed()) {
            ProcessRun purge = ProcessRun.of("dpkg", "--purge", MachineState.PACKAGE);
            assertThat(purge.ok()).as("from a clean install: " + purge.describe()).isTrue();
        }
        ProcessRun dpkg = ProcessRun.of("dpkg", "-i", BuiltPackages.deb().toString());
        assertThat(dpkg.ok()).as(dpkg.describe()).isTrue();
        work = Files.createTempDirectory(BuiltPackages.DIR, "upgrade-");
    }

    /**
     * Purges what the test left (an install without its conffiles) before the machine's own
     * package, if it had one, is put back: reinstalled over an install whose conffiles are gone,
     * dpkg would keep them gone, the operator's settings with them.
     */
    @AfterAll
    static void restore() throws IOException {
        try {
            if (work != null) {
                Trees.delete(work);
            }
        } finally {
            if (before != null) {
                ProcessRun purge = ProcessRun.of("dpkg", "--purge", MachineState.PACKAGE);
                before.restore();
                assertThat(purge.ok()).as(purge.describe()).isTrue();
            }
        }
    }

    @Test
    void anUpgradeAfterAConffileWasDeletedSucceedsAndKeepsItDeleted() throws IOException {
        String version = ProcessRun.of("dpkg-deb", "-f", BuiltPackages.deb().toString(), "Version").stdout().trim();
        Path tree = work.resolve("tree");
        ProcessRun unpack = ProcessRun.of("dpkg-deb", "-R", BuiltPackages.deb().toString(), tree.toString());
        assertThat(unpack.ok()).as(unpack.describe()).isTrue();
        for (int n = 1; n <= CONFFILES.size(); n++) {
            Path deleted = CONFFILES.get(n - 1);
            Files.delete(deleted);
            String newer = version + "+upgrade" + n;
            ProcessRun upgrade = ProcessRun.of("dpkg", "-i", repack(tree, newer).toString());

            assertThat(upgrade.ok()).as("upgrading to " + newer + " without " + deleted + ": " + upgrade.describe())
                    .isTrue();
            ProcessRun status = ProcessRun.of("dpkg-query", "-W", "-f=${Status} ${Version}", MachineState.PACKAGE);
            assertThat(status.stdout()).isEqualTo("install ok installed " + newer);
            for (Path f : CONFFILES) {
                assertThat(Files.exists(f)).as(f + " after the upgrade to " + newer)
                        .isEqualTo(CONFFILES.indexOf(f) >= n);
            }
        }
    }

    /** The built package as a newer {@code version}: what an upgrade of the same files looks like to dpkg. */
    private static Path repack(Path tree, String version) throws IOException {
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path deb = work.resolve("choria-lifecycle_" + version + "_all.deb");
        ProcessRun build = ProcessRun.of("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", tree.toString(),
                deb.toString());
        assertThat(build.ok()).as(build.describe()).isTrue();
        return deb;
    }
}
