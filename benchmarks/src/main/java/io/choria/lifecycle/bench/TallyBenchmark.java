package io.choria.lifecycle.bench;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.tally.ExpiryWindow;
import io.choria.lifecycle.tally.TallyMetrics;
import io.choria.lifecycle.tally.TallyRecorder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lifecycle events processed per second by the tally's recorder against a table of a million
 * nodes: alive events for known nodes, one in ten carrying another version (so nodes move
 * between versions and back). {@code fromWire} includes decoding the JSON as received from
 * NATS; {@code decoded} measures the node table and metric updates alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class TallyBenchmark {
    static final int NODES = 1_000_000;
    static final int EVENTS = 1 << 16;
    static final String SUBJECT = "choria.lifecycle.event.alive.server";

    private TallyRecorder recorder;
    private byte[][] wire;
    private LifecycleEvent[] decoded;
    private int next;

    @Setup(Level.Trial)
    public void fillTable() {
        recorder = new TallyRecorder(new TallyMetrics("choria_tally", new PrometheusRegistry(), () -> true),
                ExpiryWindow.DEFAULT, Clock.systemUTC());
        for (int i = 1; i <= NODES; i++) {
            recorder.record(alive(i, "0.30.0"));
        }
        SplittableRandom random = new SplittableRandom(7);
        wire = new byte[EVENTS][];
        decoded = new LifecycleEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            LifecycleEvent e = alive(1 + random.nextInt(NODES), i % 10 == 0 ? "0.31.0" : "0.30.0");
            decoded[i] = e;
            wire[i] = Lifecycle.toJson(e);
        }
    }

    private static LifecycleEvent alive(int node, String version) {
        return Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                EventOption.identity(String.format("node-%07d.example.net", node)), EventOption.version(version));
    }

    @Benchmark
    public void fromWire() {
        recorder.onLifecycleMessage(SUBJECT, wire[next++ & (EVENTS - 1)]);
    }

    @Benchmark
    public void decoded() {
        recorder.record(decoded[next++ & (EVENTS - 1)]);
    }
}
