package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * rpm's own tools from Debian's packages (rpm, rpm2cpio, cpio, rpmlint), installed when missing as
 * every tool the tests run; and the queries the tests make with them.
 */
final class RpmTools {
    private RpmTools() {
    }

    static String rpm() {
        return DebianPackage.program("rpm", "rpm");
    }

    static String rpmspec() {
        return DebianPackage.program("rpm", "rpmspec");
    }

    static String rpmlint() {
        return DebianPackage.program("rpmlint", "rpmlint");
    }

    /** {@code rpm -qp ARGS FILE}'s output; the query must succeed. */
    static String query(Path rpm, String... args) {
        List<String> command = new ArrayList<>(List.of(rpm(), "-qp"));
        command.addAll(List.of(args));
        command.add(rpm.toString());
        return ok(ProcessRun.of(command.toArray(String[]::new)));
    }

    /** {@code rpmspec ARGS SPEC} with the macros build-rpm defines for the build's package. */
    static String spec(String... args) {
        List<String> command = new ArrayList<>(List.of(rpmspec()));
        command.addAll(List.of(args));
        command.addAll(List.of("--define", "pkg_version " + BuiltPackages.rpmVersion(), "--define", "pkg_release 1",
                "--define", "stage " + BuiltPackages.RPM_STAGE, BuiltPackages.SPEC.toString()));
        return ok(ProcessRun.of(command.toArray(String[]::new)));
    }

    /** Unpacks the payload of {@code rpm} into {@code dir} with rpm2cpio and cpio, as an operator looks inside. */
    static void unpack(Path rpm, Path dir) {
        String rpm2cpio = DebianPackage.program("rpm2cpio", "rpm2cpio");
        String cpio = DebianPackage.program("cpio", "cpio");
        ok(ProcessRun.of("bash", "-o", "pipefail", "-c", "cd \"$1\" && \"$2\" \"$3\" | \"$4\" -idm --quiet", "unpack",
                dir.toString(), rpm2cpio, rpm.toString(), cpio));
    }

    private static String ok(ProcessRun run) {
        assertThat(run.ok()).as(run.describe()).isTrue();
        return run.stdout();
    }
}
