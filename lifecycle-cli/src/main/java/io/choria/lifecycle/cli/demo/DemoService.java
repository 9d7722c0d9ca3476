package io.choria.lifecycle.cli.demo;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The example Spring Boot service (lifecycle-examples/spring-boot-service) in a JVM of its own,
 * joining the demo's fleet through the starter as component {@value #COMPONENT}: the command
 * line's jar stays free of Spring. A checkout has it beside the command line's jar (the launcher
 * builds it for {@code demo}); a package install has none, and the demo runs without it.
 */
final class DemoService implements AutoCloseable {
    static final String COMPONENT = "spring-example";
    private static final Path IN_CHECKOUT = Path.of("lifecycle-examples", "spring-boot-service", "target",
            "lifecycle-spring-boot-example.jar");

    private final Process process;
    private final Path log;
    private final String version;

    private DemoService(Process process, Path log, String version) {
        this.process = process;
        this.log = log;
        this.version = version;
    }

    /** The example's jar when this command line runs from a checkout's lifecycle-cli/target, and it was built. */
    static Optional<Path> jarInCheckout() {
        try {
            return jarInCheckout(Path.of(DemoService.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The example's jar beside {@code code}, the command line's jar or classes: a checkout's
     * {@code lifecycle-cli/target/choria-lifecycle.jar} (or {@code target/classes} in the build's
     * tests), three levels under the checkout's root; not a package's
     * {@code /usr/share/choria-lifecycle/choria-lifecycle.jar}.
     */
    static Optional<Path> jarInCheckout(Path code) {
        Path root = code.toAbsolutePath().getParent();
        for (int i = 0; i < 2 && root != null; i++) {
            root = root.getParent();
        }
        if (root == null || !Files.isRegularFile(root.resolve("lifecycle-cli").resolve("pom.xml"))) {
            return Optional.empty();
        }
        return Optional.of(root.resolve(IN_CHECKOUT)).filter(Files::isRegularFile);
    }

    /** Starts the service on {@code brokerUrl}; its output goes to a file removed on close. */
    static DemoService start(Path jar, String brokerUrl, Duration aliveInterval) {
        Path log = null;
        try {
            String version = manifestVersion(jar);
            log = Files.createTempFile("choria-lifecycle-demo-service-", ".log");
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
                    "--choria.lifecycle.connection.servers=" + brokerUrl,
                    "--choria.lifecycle.alive-interval=" + GoDuration.format(aliveInterval),
                    "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new DemoService(p, log, version);
        } catch (IOException e) {
            deleteQuietly(log);
            throw new LifecycleException(Reason.UNAVAILABLE, "cannot start the example service " + jar + ": " + e.getMessage(), e);
        }
    }

    /** The version the service announces: its build's, which its jar's manifest also carries. */
    private static String manifestVersion(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            String v = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Implementation-Version");
            return v == null ? "" : v;
        }
    }

    String version() {
        return version;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The service's last output line, to say why it did not join. */
    String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Reads the tally's {@code /metrics} until it counts the service (one node of {@value #COMPONENT}),
     * the service's JVM ended, or the timeout; returns the last page read.
     */
    MetricsPage awaitCounted(java.net.URI metrics, Duration timeout, Runnable stillWanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            stillWanted.run();
            MetricsPage page = MetricsPage.read(metrics);
            if (page.fleet(DemoStack.PREFIX).containsKey(COMPONENT) || !process.isAlive() || System.nanoTime() > deadline) {
                return page;
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM, as systemd stops a service: it publishes its shutdown; then the JVM is gone, or killed. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } finally {
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary file left behind is no reason to fail the demo
        }
    }
}
