package io.choria.lifecycle.nats.testing;

import java.io.File;
import java.io.IOException;
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
 * A real {@code nats-server} (the Debian package) on a free loopback port, for tests. The build
 * installs the package when it is missing and we are root; otherwise it fails with a clear
 * message. Never skip a test because of it.
 *
 * <p>Use it with try-with-resources. {@link #kill()} and {@link #restart()} keep the port and
 * the JetStream store, so clients can reconnect and streams survive.
 */
public final class NatsServerProcess implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private NatsServerProcess(Path dir, int port, String extraConfig, boolean jetStream) throws IOException {
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("nats.conf");
        this.log = dir.resolve("nats.log");
        StringBuilder conf = new StringBuilder()
                .append("listen: \"127.0.0.1:").append(port).append("\"\n")
                .append("server_name: \"").append(name()).append("\"\n");
        if (jetStream) {
            conf.append("jetstream {\n  store_dir: \"").append(dir.resolve("js")).append("\"\n")
                    .append("  max_memory_store: 256MB\n  max_file_store: 1GB\n}\n");
        }
        if (extraConfig != null) {
            conf.append(extraConfig).append('\n');
        }
        Files.writeString(config, conf.toString());
    }

    /** A plain server without JetStream. */
    public static NatsServerProcess start() {
        return start(false, null);
    }

    /** A server with JetStream enabled (streams, key-value buckets). */
    public static NatsServerProcess startWithJetStream() {
        return start(true, null);
    }

    /**
     * A server with {@code extraConfig} appended to its configuration file, e.g. a {@code tls {...}}
     * block or {@code authorization {...}}.
     */
    public static NatsServerProcess start(boolean jetStream, String extraConfig) {
        return start(freePort(), jetStream, extraConfig);
    }

    /** As {@link #start(boolean, String)} on a given client port (a cluster picks its ports together). */
    static NatsServerProcess start(int port, boolean jetStream, String extraConfig) {
        try {
            Path dir = Files.createTempDirectory("nats-test-");
            NatsServerProcess server = new NatsServerProcess(dir, port, extraConfig, jetStream);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        return "test-" + port;
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
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Starts the server again on the same port with the same store. */
    public void restart() {
        kill();
        launch();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL) and deletes its directory. */
    @Override
    public void close() {
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

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(binary(), "-c", config.toString()));
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with " + process.exitValue() + ":\n" + log());
            }
            if (accepts() && log().contains("Server is ready")) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException("nats-server did not become ready on port " + port + ":\n" + log());
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
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nats-server", e);
        }
    }

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
