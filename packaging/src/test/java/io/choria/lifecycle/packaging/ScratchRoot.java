package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An EL-shaped root directory for {@code rpm --root}, under target/: empty but for what the
 * package's scriptlets run (sh, getent, groupadd, useradd, copied from this machine with their
 * libraries), the account files, and a {@code systemctl} that only writes down how it was called,
 * so that a test sees what the scriptlets asked of systemd. rpm runs the scriptlets chrooted into
 * it, so nothing outside it changes: the real machine is DebianPackageIT's.
 */
final class ScratchRoot implements AutoCloseable {
    private static final String DBPATH = "/var/lib/rpm";
    private static final String SYSTEMCTL_CALLS = "var/log/systemctl.calls";
    private static final List<String> PROGRAMS = List.of("/usr/bin/dash", "/usr/bin/getent", "/usr/sbin/groupadd",
            "/usr/sbin/useradd");

    private final Path dir;

    private ScratchRoot(Path dir) {
        this.dir = dir;
    }

    static ScratchRoot create() throws IOException {
        Path dir = Files.createTempDirectory(BuiltPackages.DIR, "rpm-root-");
        ScratchRoot root = new ScratchRoot(dir);
        root.lay();
        return root;
    }

    private void lay() throws IOException {
        for (String d : List.of("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "var/log", "var/lib/rpm", "tmp",
                "dev", "run")) {
            Files.createDirectories(dir.resolve(d));
        }
        // usr-merged, as EL8 and later
        for (String link : List.of("bin", "sbin", "lib", "lib64")) {
            Files.createSymbolicLink(dir.resolve(link), Path.of("usr", link));
        }
        for (String program : PROGRAMS) {
            copyWithLibraries(program);
        }
        Files.createSymbolicLink(dir.resolve("usr/bin/sh"), Path.of("dash"));
        write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", "rw-r--r--");
        write("etc/group", "root:x:0:\n", "rw-r--r--");
        write("etc/shadow", "root:*:19000:0:99999:7:::\n", "rw-------");
        write("etc/gshadow", "root:*::\n", "rw-------");
        write("etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\n", "rw-r--r--");
        write("usr/bin/systemctl", "#!/bin/sh\necho \"$*\" >>/" + SYSTEMCTL_CALLS + "\n", "rwxr-xr-x");
        // what the scriptlets' '>/dev/null' writes to
        ProcessRun mknod = ProcessRun.of("mknod", "-m", "666", dir.resolve("dev/null").toString(), "c", "1", "3");
        assertThat(mknod.ok()).as(mknod.describe()).isTrue();
        ProcessRun init = rpm("--initdb");
        assertThat(init.ok()).as(init.describe()).isTrue();
    }

    /** {@code program} and every library ldd names for it, each at the path ldd gives, under this root. */
    private void copyWithLibraries(String program) throws IOException {
        assertThat(Path.of(program)).as("a program the scriptlets run").isExecutable();
        copyIn(program);
        ProcessRun ldd = ProcessRun.of("ldd", program);
        assertThat(ldd.ok()).as(ldd.describe()).isTrue();
        for (String line : ldd.stdout().lines().toList()) {
            String[] words = line.trim().split("\\s+");
            String library = line.contains("=>") ? words[2] : words[0];
            if (library.startsWith("/")) {
                copyIn(library);
            }
        }
    }

    private void copyIn(String hostPath) throws IOException {
        Path target = path(hostPath);
        Files.createDirectories(target.getParent());
        Files.copy(Path.of(hostPath), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private void write(String relative, String text, String permissions) throws IOException {
        Path file = dir.resolve(relative);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
    }

    /** {@code rpm --root THIS --dbpath /var/lib/rpm ARGS}; --force-debian silences Debian's rpm's advice to use alien. */
    ProcessRun rpm(String... args) {
        List<String> command = new ArrayList<>(List.of(RpmTools.rpm(), "--root", dir.toString(), "--dbpath", DBPATH));
        if (List.of(args).stream().anyMatch(a -> a.matches("-[iUe]|--install|--upgrade|--erase"))) {
            command.add("--force-debian");
        }
        command.addAll(List.of(args));
        return ProcessRun.of(command.toArray(String[]::new));
    }

    /** The file at {@code absolute} as this root has it. */
    Path path(String absolute) {
        return dir.resolve(absolute.substring(1));
    }

    /** An entry of this root's /etc/passwd or /etc/group, split at ':', or null. */
    String[] account(String file, String name) throws IOException {
        for (String line : Files.readAllLines(path("/etc/" + file))) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals(name)) {
                return fields;
            }
        }
        return null;
    }

    /** How systemctl was called since the last time this was asked, one call a line. */
    List<String> takeSystemctlCalls() throws IOException {
        Path calls = dir.resolve(SYSTEMCTL_CALLS);
        if (!Files.exists(calls)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(calls);
        Files.delete(calls);
        return lines;
    }

    @Override
    public void close() throws IOException {
        Trees.delete(dir);
    }
}
