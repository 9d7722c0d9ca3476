package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The .rpm's life on an EL machine, played with {@code rpm --root} in a scratch root: installed,
 * upgraded to a newer build (the same payload as release 2, its shipped settings changed) after
 * an operator edited the settings and the Choria configuration, and erased. --nodeps since the
 * root has no Java runtime or shadow-utils package for the requirements; the scriptlets run, in
 * the root. The steps run in order, each on what the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RpmInstallIT {
    private static final String PACKAGE = "choria-lifecycle";
    private static final String SETTINGS = "/etc/sysconfig/choria-lifecycle-tally";
    private static final String CONFIG = "/etc/choria-lifecycle/choria.conf";
    private static final String OPERATORS_SETTING = "PORT=9090\n";
    private static final String OPERATORS_BROKERS = "plugin.choria.middleware_hosts = nats://broker1.example.net:4222\n";
    private static final String NEWER_SETTINGS_LINE = "# a line the newer build ships\n";

    private static final PackageLayout LAYOUT = PackageLayout.read();
    private static ScratchRoot root;
    private static Path newerStage;
    private static Path newer;
    private static String[] userAtInstall;

    @BeforeAll
    static void layTheRootAndBuildANewerPackage() throws IOException {
        assertThat(System.getProperty("user.name")).as("rpm --root chroots to run the scriptlets: run the build as root")
                .isEqualTo("root");
        root = ScratchRoot.create();
        newerStage = Files.createTempDirectory(BuiltPackages.DIR, "stage-rpm-newer-");
        ProcessRun copy = ProcessRun.of("cp", "-a", BuiltPackages.RPM_STAGE + "/.", newerStage.toString());
        assertThat(copy.ok()).as(copy.describe()).isTrue();
        Files.writeString(newerStage.resolve("root" + SETTINGS), NEWER_SETTINGS_LINE, StandardOpenOption.APPEND);
        Path out = newerStage.resolve("out");
        ProcessRun build = ProcessRun.of(BuiltPackages.BUILD_RPM.toString(), newerStage.toString(),
                System.getProperty("project.version"), out.toString(), "2");
        assertThat(build.ok()).as(build.describe()).isTrue();
        newer = out.resolve(PACKAGE + "-" + BuiltPackages.rpmVersion() + "-2.noarch.rpm");
        assertThat(newer).isRegularFile();
    }

    @AfterAll
    static void removeTheRoot() throws IOException {
        if (root != null) {
            root.close();
        }
        if (newerStage != null) {
            Trees.delete(newerStage);
        }
    }

    @Test
    @Order(1)
    void installingMakesTheSystemUserLaysOutTheFilesAndEnablesAndStartsNothing() throws IOException {
        ProcessRun install = root.rpm("-i", "--nodeps", BuiltPackages.rpm().toString());

        assertThat(install.ok()).as(install.describe()).isTrue();
        assertThat(install.stdout() + install.stderr()).as("rpm and the scriptlets say nothing").isEmpty();
        userAtInstall = root.account("passwd", PACKAGE);
        String[] group = root.account("group", PACKAGE);
        assertThat(userAtInstall).as("the service user in the root's /etc/passwd").isNotNull();
        assertThat(group).as("its group").isNotNull();
        assertThat(Integer.parseInt(userAtInstall[2])).as("a system uid").isLessThan(1000);
        assertThat(userAtInstall[3]).isEqualTo(group[2]);
        assertThat(userAtInstall[5]).isEqualTo("/nonexistent");
        assertThat(userAtInstall[6]).isEqualTo("/sbin/nologin");
        for (PackageLayout.Entry e : LAYOUT.entries()) {
            assertThat(root.path(LAYOUT.pathIn(PackageLayout.Format.RPM, e.path()))).isRegularFile();
        }
        Path config = root.path(CONFIG);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(config, "unix:gid")).as("the group of " + CONFIG)
                .isEqualTo(Integer.parseInt(group[2]));
        assertThat(root.takeSystemctlCalls()).as("no preset, enable or start").isEmpty();
        ProcessRun verify = root.rpm("-V", "--nodeps", PACKAGE);
        assertThat(verify.ok()).as("the files as the package says: " + verify.describe()).isTrue();
    }

    @Test
    @Order(2)
    void anUpgradeKeepsTheOperatorsFilesAndRestartsTheTallyOnlyIfItRuns() throws IOException {
        Files.writeString(root.path(SETTINGS), OPERATORS_SETTING, StandardOpenOption.APPEND);
        Files.writeString(root.path(CONFIG), OPERATORS_BROKERS, StandardOpenOption.APPEND);
        String settings = Files.readString(root.path(SETTINGS));
        String config = Files.readString(root.path(CONFIG));

        ProcessRun upgrade = root.rpm("-U", "--nodeps", newer.toString());

        assertThat(upgrade.ok()).as(upgrade.describe()).isTrue();
        assertThat(upgrade.stdout()).isEmpty();
        assertThat(upgrade.stderr().lines()).as("rpm's note, and nothing from the scriptlets")
                .containsExactly("warning: " + SETTINGS + " created as " + SETTINGS + ".rpmnew");
        assertThat(root.path(SETTINGS)).hasContent(settings);
        assertThat(root.path(SETTINGS + ".rpmnew")).content().endsWith(NEWER_SETTINGS_LINE);
        assertThat(root.path(CONFIG)).hasContent(config);
        assertThat(root.path(CONFIG + ".rpmnew")).as("unchanged in the package: nothing to offer").doesNotExist();
        assertThat(root.rpm("-q", "--qf", "%{RELEASE}", PACKAGE).stdout()).isEqualTo("2");
        assertThat(root.takeSystemctlCalls()).as("a running tally restarted on the new files, a stopped one left")
                .containsExactly("daemon-reload", "try-restart choria-lifecycle-tally.service");
        assertThat(root.account("passwd", PACKAGE)).containsExactly(userAtInstall);
    }

    @Test
    @Order(3)
    void erasingStopsAndDisablesTheTallyRemovesItsFilesAndKeepsTheUser() throws IOException {
        ProcessRun erase = root.rpm("-e", PACKAGE);

        assertThat(erase.ok()).as(erase.describe()).isTrue();
        assertThat(erase.stdout()).isEmpty();
        assertThat(erase.stderr().lines()).as("the operator's changes kept aside, nothing from the scriptlets")
                .containsExactlyInAnyOrder("warning: " + SETTINGS + " saved as " + SETTINGS + ".rpmsave",
                        "warning: " + CONFIG + " saved as " + CONFIG + ".rpmsave");
        assertThat(root.takeSystemctlCalls()).containsExactly("--no-reload disable --now choria-lifecycle-tally.service");
        for (PackageLayout.Entry e : LAYOUT.entries()) {
            assertThat(Files.exists(root.path(LAYOUT.pathIn(PackageLayout.Format.RPM, e.path())), LinkOption.NOFOLLOW_LINKS))
                    .as(e.path()).isFalse();
        }
        for (String dir : List.of("/usr/share/choria-lifecycle", "/usr/share/doc/choria-lifecycle", "/var/cache/choria-lifecycle")) {
            assertThat(root.path(dir)).doesNotExist();
        }
        assertThat(root.path(SETTINGS + ".rpmsave")).content().endsWith(OPERATORS_SETTING);
        assertThat(root.path(CONFIG + ".rpmsave")).content().endsWith(OPERATORS_BROKERS);
        assertThat(root.account("passwd", PACKAGE)).as("the user stays, as EL packages leave theirs")
                .containsExactly(userAtInstall);
        assertThat(root.account("group", PACKAGE)).isNotNull();
        assertThat(root.rpm("-q", PACKAGE).ok()).as("still installed").isFalse();
    }
}
