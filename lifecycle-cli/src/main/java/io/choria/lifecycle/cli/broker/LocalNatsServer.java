package io.choria.lifecycle.cli.broker;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code nats-server} with JetStream for the demo and the benchmarks: a child process on a free loopback port,
 * its configuration, log and store in a temporary directory that {@link #close()} removes.
 */
public final class LocalNatsServer implements AutoCloseable {
    private static final long READY_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final Path dir;
    private final Path log;
    private final int port;
    private Process process;

    private LocalNatsServer(Path dir, int port) {
        this.dir = dir;
        this.log = dir.resolve("nats-server.log");
        this.port = port;
    }

    /**
     * Starts nats-server and waits until it is ready; {@code purpose} names its temporary
     * directory and server ({@code choria-lifecycle-<purpose>-...}).
     *
     * @throws LifecycleException when it is missing and cannot be installed, or does not start
     */
    public static LocalNatsServer start(String purpose, PrintStream progress) {
        String binary = NatsServerBinary.find(progress);
        LocalNatsServer server;
        try {
            server = new LocalNatsServer(Files.createTempDirectory("choria-lifecycle-" + purpose + "-"), freePort());
            Files.writeString(server.dir.resolve("nats.conf"), "listen: \"127.0.0.1:" + server.port + "\"\n"
                    + "server_name: \"choria-lifecycle-" + purpose + "\"\n"
                    + "jetstream {\n  store_dir: \"" + server.dir.resolve("jetstream") + "\"\n"
                    + "  max_memory_store: 64MB\n  max_file_store: 4GB\n}\n");
        } catch (IOException e) {
            throw new LifecycleException(Reason.UNAVAILABLE, "cannot prepare a directory for nats-server: " + e.getMessage(), e);
        }
        try {
            server.launch(binary);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void launch(String binary) {
        try {
            process = new ProcessBuilder(List.of(binary, "-c", dir.resolve("nats.conf").toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new LifecycleException(Reason.UNAVAILABLE, "cannot start " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + READY_WITHIN_NANOS;
        while (!(accepts() && log().contains("Server is ready"))) {
            if (!process.isAlive()) {
                throw new LifecycleException(Reason.UNAVAILABLE, "nats-server exited at start: " + lastLine());
            }
            if (System.nanoTime() > deadline) {
                throw new LifecycleException(Reason.TIMED_OUT, "nats-server did not get ready within 20 s: " + lastLine());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifecycleException(Reason.INTERRUPTED, "interrupted while starting nats-server");
            }
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Stops nats-server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        deleteRecursively(dir);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private String lastLine() {
        List<String> lines = log().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deepest first, so each directory is empty when its turn comes. */
    private static void deleteRecursively(Path top) {
        try (Stream<Path> paths = Files.walk(top)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the demo for
        }
    }
}
