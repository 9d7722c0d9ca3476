package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * What the package test found on this machine before it installed anything, so that it leaves
 * the machine as it was: an installed choria-lifecycle is saved with dpkg-repack and put back
 * (its settings untouched), and a service user the test's install created is removed again.
 */
final class MachineState {
    static final String PACKAGE = "choria-lifecycle";
    static final String USER = "choria-lifecycle";

    private final Path saved;
    private final boolean userExisted;
    private FileLock lock;

    private MachineState(Path saved, boolean userExisted) {
        this.saved = saved;
        this.userExisted = userExisted;
    }

    /**
     * Waits for any other build's package test on this machine (two checkouts building at once)
     * and holds the machine until {@link #restore()}: dpkg allows one at a time, and each must
     * find the machine as it was.
     */
    static MachineState lockAndCapture() throws IOException {
        Path lockFile = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock/choria-lifecycle-package-test.lock")
                : Path.of(System.getProperty("java.io.tmpdir"), "choria-lifecycle-package-test.lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock();
        try {
            MachineState state = capture();
            state.lock = held;
            return state;
        } catch (IOException | RuntimeException | AssertionError e) {
            held.release();
            channel.close();
            throw e;
        }
    }

    private static MachineState capture() throws IOException {
        boolean userExisted = ProcessRun.of("getent", "passwd", USER).ok();
        if (!installed()) {
            return new MachineState(null, userExisted);
        }
        Path dir = Files.createTempDirectory("choria-lifecycle-saved-");
        ProcessRun repack = ProcessRun.withInput(null, java.util.Map.of(), "sh", "-c",
                "cd '" + dir + "' && " + DebianPackage.program("dpkg-repack", "dpkg-repack") + " " + PACKAGE);
        assertThat(repack.ok()).as("saving the installed package first: " + repack.describe()).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            return new MachineState(files.filter(f -> f.toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("dpkg-repack wrote no .deb in " + dir)), userExisted);
        }
    }

    static boolean installed() {
        ProcessRun status = ProcessRun.of("dpkg-query", "-W", "-f=${Status}", PACKAGE);
        return status.ok() && status.stdout().contains("install ok installed");
    }

    boolean hadThePackage() {
        return saved != null;
    }

    /** Removes the package (purging what the test installed) or reinstalls the saved one; then lets the next build in. */
    void restore() {
        try {
            putBack();
        } finally {
            try {
                lock.release();
                lock.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void putBack() {
        if (saved != null) {
            ProcessRun back = ProcessRun.of("dpkg", "-i", saved.toString());
            assertThat(back.ok()).as("putting the machine's own package back: " + back.describe()).isTrue();
            try {
                Files.delete(saved);
                Files.delete(saved.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        ProcessRun purge = ProcessRun.of("dpkg", "--purge", PACKAGE);
        assertThat(purge.ok()).as(purge.describe()).isTrue();
        if (!userExisted && ProcessRun.of("getent", "passwd", USER).ok()) {
            ProcessRun userdel = ProcessRun.of("userdel", USER);
            assertThat(userdel.ok()).as(userdel.describe()).isTrue();
            if (ProcessRun.of("getent", "group", USER).ok()) {
                ProcessRun groupdel = ProcessRun.of("groupdel", USER);
                assertThat(groupdel.ok()).as(groupdel.describe()).isTrue();
            }
        }
    }
}
