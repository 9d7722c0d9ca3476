package io.choria.lifecycle.cli.broker;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the {@code nats-server} program (the Debian package) on the PATH or in the usual
 * directories; when it is missing, installs the package as root, or says in one line how to.
 */
final class NatsServerBinary {
    static final String PACKAGE = "nats-server";
    private static final String PROGRAM = "nats-server";

    private NatsServerBinary() {
    }

    /**
     * The absolute path of nats-server, installed first when missing and root.
     *
     * @throws LifecycleException with the command to run when it is missing and cannot be installed
     */
    static String find(PrintStream progress) {
        String path = locate();
        if (path != null) {
            return path;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new LifecycleException(Reason.UNAVAILABLE, PROGRAM + " is not installed; install it with: sudo apt-get install -y " + PACKAGE);
        }
        progress.println("demo: " + PROGRAM + " is missing, installing the Debian package: apt-get install -y " + PACKAGE);
        progress.flush();
        if (run("apt-get", "install", "-y", "-q", PACKAGE) != 0) {
            run("apt-get", "update", "-q");
            run("apt-get", "install", "-y", "-q", PACKAGE);
        }
        path = locate();
        if (path == null) {
            throw new LifecycleException(Reason.UNAVAILABLE, "could not install " + PACKAGE + " (see apt-get's output above);"
                    + " install it with: apt-get install -y " + PACKAGE);
        }
        return path;
    }

    private static String locate() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            File candidate = new File(dir, PROGRAM);
            if (!dir.isEmpty() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    private static int run(String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
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
