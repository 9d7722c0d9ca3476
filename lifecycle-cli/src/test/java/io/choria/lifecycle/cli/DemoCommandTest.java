package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, end to end: a real nats-server, the tally's real /metrics, the simulator's truth. */
class DemoCommandTest {
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    @TempDir
    Path dir;

    @Test
    void aSmallDemoEndsWithTheTallyMatchingTheSimulatedFleetAndLeavesNothingRunning() throws IOException {
        NatsServerProcess.binary(); // installs nats-server when missing, as the demo would
        Set<Path> demoDirsBefore = demoDirs();
        CliRun r = CliRun.run("demo", "--nodes", "300", "--seed", "5");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        List<String> lines = r.stdoutLines();
        assertThat(lines.get(0)).matches("demo: nats-server \\(JetStream\\) on nats://127\\.0\\.0\\.1:\\d+, tally of every"
                + " component on http://127\\.0\\.0\\.1:\\d+/metrics");
        assertThat(lines.get(1)).as("the example service is built before the CLI's tests (or: mvn -B package -DskipTests"
                        + " -pl lifecycle-examples/spring-boot-service -am)")
                .matches("demo: a Spring Boot service joins as component spring-example, version \\S+, in a JVM of its own"
                        + " \\(pid \\d+\\): lifecycle-examples/spring-boot-service with the starter");
        assertThat(lines.get(3)).startsWith("Waiting for events from topic choria.lifecycle.event.> on nats://127.0.0.1:");
        assertThat(lines).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\[startup] [a-z]+-\\d{6}\\.[a-z0-9]+\\.example\\.net: .*"));
        assertThat(lines).anyMatch(l -> l.matches("  server +0\\.31\\.0 +(\\d+) +\\1"));
        assertThat(lines).as("the service counted as its own component").anyMatch(l -> l.matches("  spring-example +\\S+ +1 +1"));
        assertThat(lines).anyMatch(l -> l.matches("demo: sent [\\d,]+ lifecycle events, .* 0 process errors, .*"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("tally matches the simulated fleet: yes");
        assertThat(r.stderr()).isEmpty();
        assertThat(natsServersOf(ProcessHandle.current())).isEmpty();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> String.join(" ", h.info().arguments().orElse(new String[0])).contains("lifecycle-spring-boot-example")))
                .as("the service's JVM is gone").isEmpty();
        assertThat(demoDirs()).isSubsetOf(demoDirsBefore);
    }

    @Test
    void followKeepsRunningUntilStoppedThenStopsNatsServer() throws Exception {
        Path log = dir.resolve("demo.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                ChoriaLifecycle.class.getName(), "demo", "--nodes", "100", "--follow")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the last of the lines --follow prints, so that the check below does not race the ones before it
            Poll.until(Duration.ofSeconds(90), () -> read(log).contains("demo: try:"), () -> read(log));
            assertThat(read(log)).contains("tally matches the simulated fleet: yes").containsPattern(
                    "demo: tally: http://127\\.0\\.0\\.1:\\d+/metrics");
            List<ProcessHandle> natsServers = natsServersOf(p.toHandle());
            assertThat(natsServers).hasSize(1);
            Thread.sleep(1000);
            assertThat(p.isAlive()).isTrue();
            p.destroy(); // SIGTERM, handled as Ctrl-C's SIGINT is
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("--follow stopped after a matching check keeps its result").isZero();
            assertThat(natsServers.get(0).isAlive()).isFalse();
            assertThat(read(log)).doesNotContain("Exception").doesNotContain("error:");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void badFlagsAreOneLineUsageErrors() {
        for (String nodes : List.of("0", "2000000", "lots")) {
            CliRun r = CliRun.run("demo", "--nodes", nodes).assertCleanErrors();
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderrLines()).hasSize(2);
        }
    }

    private static List<ProcessHandle> natsServersOf(ProcessHandle parent) {
        return parent.descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().orElse("").endsWith("nats-server")
                        && String.join(" ", h.info().arguments().orElse(new String[0])).contains("choria-lifecycle-demo-"))
                .toList();
    }

    private static Set<Path> demoDirs() throws IOException {
        try (Stream<Path> s = Files.list(TMP)) {
            return s.filter(p -> p.getFileName().toString().startsWith("choria-lifecycle-demo-")).collect(Collectors.toSet());
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
