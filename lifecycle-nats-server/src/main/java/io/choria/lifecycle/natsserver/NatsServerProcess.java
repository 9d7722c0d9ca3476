package io.choria.lifecycle.natsserver;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} (the Debian package) as a child process on a free loopback port, its
 * configuration, log and JetStream store in a temporary directory that {@link #close()} removes.
 * The one launcher of the project: the demo and the benchmarks run their broker with it, and every
 * module's tests theirs. The package is installed when it is missing and we are root; otherwise
 * starting fails with one line saying how to install it. A test is never skipped for want of it.
 *
 * <p>Use it with try-with-resources. {@link #kill()} and {@link #restart()} keep the port and the
 * JetStream store, so clients can reconnect and streams survive.
 */
public final class NatsServerProcess implements AutoCloseable {
    private static final long READY_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(20);
    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private final String name;
    private final String binary;
    private Process process;

    private NatsServerProcess(Path dir, int port, String name, String binary) {
        this.dir = dir;
        this.port = port;
        this.name = name;
        this.binary = binary;
        this.config = dir.resolve("nats.conf");
        this.log = dir.resolve("nats.log");
    }

    /** A plain server without JetStream. */
    public static NatsServerProcess start() {
        return builder().start();
    }

    /** A server with JetStream enabled (streams, key-value buckets). */
    public static NatsServerProcess startWithJetStream() {
        return builder().jetStream(true).start();
    }

    /**
     * A server with {@code extraConfig} appended to its configuration file, e.g. a {@code tls {...}}
     * block or {@code authorization {...}}.
     */
    public static NatsServerProcess start(boolean jetStream, String extraConfig) {
        return builder().jetStream(jetStream).extraConfig(extraConfig).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to start a server; every setting has a default. */
    public static final class Builder {
        private boolean jetStream;
        private String extraConfig;
        private int port = -1;
        private String purpose = "test";
        private PrintStream progress = System.err;

        private Builder() {
        }

        /** JetStream on (default off). */
        public Builder jetStream(boolean on) {
            this.jetStream = on;
            return this;
        }

        /** Lines appended to the configuration file, or null. */
        public Builder extraConfig(String lines) {
            this.extraConfig = lines;
            return this;
        }

        /** The client port (a cluster picks its ports together); a free one by default. */
        public Builder port(int clientPort) {
            this.port = clientPort;
            return this;
        }

        /** What the server is for: it names the server ({@code <purpose>-<port>}) and its directory. */
        public Builder purpose(String what) {
            this.purpose = what;
            return this;
        }

        /** Where a missing package's installation is announced (default stderr). */
        public Builder progress(PrintStream stream) {
            this.progress = stream;
            return this;
        }

        /**
         * Starts the server and waits until it accepts clients.
         *
         * @throws LifecycleException when nats-server is missing and cannot be installed
         *         ({@code UNAVAILABLE}), exits, or does not get ready within 20 s ({@code TIMED_OUT})
         */
        public NatsServerProcess start() {
            String binary = DebianPackage.program("nats-server", "nats-server", progress);
            int clientPort = port >= 0 ? port : freePort();
            NatsServerProcess server;
            try {
                Path dir = Files.createTempDirectory("choria-lifecycle-" + purpose + "-");
                server = new NatsServerProcess(dir, clientPort, purpose + "-" + clientPort, binary);
                Files.writeString(server.config, configuration(server));
            } catch (IOException e) {
                throw new LifecycleException(Reason.UNAVAILABLE, "cannot prepare a directory for nats-server: "
                        + e.getMessage(), e);
            }
            try {
                server.launch();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        private String configuration(NatsServerProcess server) {
            StringBuilder conf = new StringBuilder()
                    .append("listen: \"127.0.0.1:").append(server.port).append("\"\n")
                    .append("server_name: \"").append(server.name).append("\"\n");
            if (jetStream) {
                conf.append("jetstream {\n  store_dir: \"").append(server.dir.resolve("js")).append("\"\n")
                        .append("  max_memory_store: 256MB\n  max_file_store: 4GB\n}\n");
            }
            if (extraConfig != null) {
                conf.append(extraConfig).append('\n');
            }
            return conf.toString();
        }
    }

    /** The client URL, {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's {@code server_name}, unique per port: what JetStream names it in a cluster. */
    public String name() {
        return name;
    }

    /** The directory holding the configuration, the log and the JetStream store. */
    public Path dir() {
        return dir;
    }

    /** The server's log so far, for assertion messages. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Starts the server again on the same port with the same store. */
    public synchronized void restart() {
        kill();
        launch();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes its directory; closing twice does nothing more. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            process = null;
        }
        deleteRecursively(dir.toFile());
    }

    private synchronized void launch() {
        List<String> cmd = List.of(binary, "-c", config.toString());
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new LifecycleException(Reason.UNAVAILABLE, "cannot start " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + READY_WITHIN_NANOS;
        while (!(accepts() && log().contains("Server is ready"))) {
            if (!process.isAlive()) {
                throw new LifecycleException(Reason.UNAVAILABLE, "nats-server exited with " + process.exitValue()
                        + " at start: " + lastLine());
            }
            if (System.nanoTime() > deadline) {
                throw new LifecycleException(Reason.TIMED_OUT, "nats-server did not get ready on port " + port
                        + " within 20 s: " + lastLine());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifecycleException(Reason.INTERRUPTED, "interrupted while starting nats-server");
            }
        }
    }

    private String lastLine() {
        List<String> lines = log().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The nats-server binary, installed with apt-get when missing and we are root. */
    public static String binary() {
        return DebianPackage.program("nats-server", "nats-server");
    }

    /** A TCP port nobody listens on right now, on the loopback interface. */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /**
     * {@code count} distinct free loopback ports: each is held until all are found, so they differ
     * from each other (separate {@link #freePort()} calls may hand out the same port twice).
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a listening socket we opened: nothing to do
                }
            }
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deepest first, so each directory is empty when its turn comes. */
    private static void deleteRecursively(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteRecursively(c);
            }
        }
        f.delete();
    }

    @Override
    public String toString() {
        return "nats-server " + url() + " in " + dir;
    }
}
