package io.choria.lifecycle.natsserver;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A program of a Debian package that the demo, the benchmarks and the tests run for real
 * ({@code nats-server}, {@code promtool}, {@code chromium}, ...): found on the PATH or in the usual
 * directories, and installed with {@code apt-get install -y} when it is missing and we are root.
 * Otherwise it is one line saying what to install: a test is never skipped because its tool is missing.
 */
public final class DebianPackage {
    private static final Map<String, String> FOUND = new ConcurrentHashMap<>();

    private DebianPackage() {
    }

    /**
     * The absolute path of {@code program}, installing the Debian package {@code pkg} first when
     * the program is missing.
     *
     * @throws LifecycleException ({@code UNAVAILABLE}) when it is missing and cannot be installed
     */
    public static String program(String pkg, String program) {
        return program(pkg, program, System.err);
    }

    /** As {@link #program(String, String)}, announcing an installation on {@code progress}. */
    public static String program(String pkg, String program, PrintStream progress) {
        return FOUND.computeIfAbsent(program, p -> {
            synchronized (DebianPackage.class) {
                String path = locate(p);
                if (path == null) {
                    install(pkg, p, progress);
                    path = locate(p);
                }
                if (path == null) {
                    throw new LifecycleException(Reason.UNAVAILABLE, p + " is not installed and could not be installed:"
                            + " run 'apt-get install -y " + pkg + "' as root");
                }
                return path;
            }
        });
    }

    private static String locate(String program) {
        List<String> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                candidates.add(d + "/" + program);
            }
        }
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin", "/bin")) {
            candidates.add(d + "/" + program);
        }
        for (String c : candidates) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        return null;
    }

    private static void install(String pkg, String program, PrintStream progress) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new LifecycleException(Reason.UNAVAILABLE, program + " is not installed; install it with:"
                    + " sudo apt-get install -y " + pkg);
        }
        progress.println(program + " is missing: installing the Debian package " + pkg + " (apt-get install -y " + pkg + ")");
        progress.flush();
        // other builds on the machine may be running apt at the same time: wait for their lock
        String[] install = {"apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", pkg};
        if (run(install) != 0) {
            run("apt-get", "update", "-q");
            if (run(install) != 0) {
                throw new LifecycleException(Reason.UNAVAILABLE, "'apt-get install -y " + pkg + "' failed; see its output above");
            }
        }
    }

    private static int run(String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
