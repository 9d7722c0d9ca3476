package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.choria.lifecycle.simulator.WireRecorder;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} as a user runs it: flags, the truth file, and stopping on SIGTERM. */
class SimulateCommandTest {
    private static final Pattern SENT = Pattern.compile("([\\d,]+) lifecycle events");

    @TempDir
    Path dir;

    @Test
    void badFlagsAreOneLineUsageErrors() {
        for (String[] flags : List.of(new String[] {"--nodes", "0"}, new String[] {"--nodes", "many"},
                new String[] {"--alive-interval", "5ms"}, new String[] {"--alive-interval", "soon"},
                new String[] {"--splay", "-1s"}, new String[] {"--duration", "0s"}, new String[] {"--bogus"},
                new String[] {"--truth", dir.resolve("missing/truth.json").toString()})) {
            String[] args = new String[flags.length + 1];
            args[0] = "simulate";
            System.arraycopy(flags, 0, args, 1, flags.length);
            CliRun r = CliRun.run(args).assertCleanErrors();
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.stderrLines()).as(String.join(" ", args)).hasSize(2);
        }
    }

    @Test
    void anUnreachableBrokerIsAOneLineError() {
        CliRun r = CliRun.run("simulate", "--server", "nats://127.0.0.1:" + NatsServerProcess.freePort()).assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderrLines()).singleElement().asString().startsWith("error: ").contains("127.0.0.1");
    }

    @Test
    void theTruthFileWrittenAtTheEndIsWhatWasReceived() throws Exception {
        Path truth = dir.resolve("truth.json");
        try (NatsServerProcess server = NatsServerProcess.start(); WireRecorder wire = new WireRecorder(server.url())) {
            CliRun r = CliRun.run("simulate", "--server", server.url(), "--nodes", "200", "--alive-interval", "200ms",
                    "--splay", "200ms", "--duration", "2s", "--seed", "3", "--truth", truth.toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderrLines().get(0)).isEqualTo("simulate: 200 nodes, seed 3, alive every 200ms,"
                    + " startups over 200ms, on " + server.url() + " for 2s");
            assertThat(r.stderr()).contains("simulate: stopped; 2s simulated, ").contains("truth written to " + truth);
            assertTruthIsWhatWasReceived(truth, wire, sentCount(r.stderr()));
        }
    }

    @Test
    void sigtermStopsWithoutShutdownEventsWritesTheTruthAndExitsZero() throws Exception {
        Path truth = dir.resolve("truth.json");
        Path log = dir.resolve("simulate.log");
        try (NatsServerProcess server = NatsServerProcess.start(); WireRecorder wire = new WireRecorder(server.url())) {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                    ChoriaLifecycle.class.getName(), "simulate", "--server", server.url(), "--nodes", "300",
                    "--alive-interval", "300ms", "--splay", "300ms", "--stats-every", "500ms", "--truth", truth.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Poll.until(Duration.ofSeconds(20), () -> read(log).contains("messages sent"), () -> read(log));
                Thread.sleep(1000);
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
            String output = read(log);
            assertThat(output).contains("simulate: stopped; ").contains("truth written to " + truth)
                    .doesNotContain("Exception").doesNotContain("error:");
            assertTruthIsWhatWasReceived(truth, wire, sentCount(output));
            // had stopping sent shutdown events, the received fleet would be (nearly) empty
            long live = wire.fleet().values().stream().flatMap(v -> v.values().stream()).mapToLong(Long::longValue).sum();
            assertThat(live).isGreaterThan(240);
        }
    }

    private static void assertTruthIsWhatWasReceived(Path truth, WireRecorder wire, long sent) throws IOException {
        assertThat(sent).isPositive();
        Poll.until(Duration.ofSeconds(20), () -> wire.lifecycle.get() == sent, () -> wire.lifecycle + " of " + sent + " received");
        Map<String, Map<String, Long>> written = new ObjectMapper().readValue(truth.toFile(), new TypeReference<>() {
        });
        assertThat(written).isNotEmpty().isEqualTo(wire.fleet());
    }

    private static long sentCount(String output) {
        Matcher m = SENT.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
