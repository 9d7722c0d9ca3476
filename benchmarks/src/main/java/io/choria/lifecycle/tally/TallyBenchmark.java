package io.choria.lifecycle.tally;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
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
 * Lifecycle events processed per second by the tally against a table of a million nodes: alive
 * events for known nodes, one in ten carrying another version (so nodes move between versions and
 * back).
 *
 * <ul>
 *   <li>{@code fromWire}: the recorder, decoding the JSON as received from NATS; {@code decoded}:
 *   the recorder on decoded events (node table, metrics, lock).</li>
 *   <li>{@code tablePut} against {@code baselinePut}: the node table alone against the plain design
 *   ({@link HashMapNodeTable}: a {@code HashMap} keyed by component and identity), same events.</li>
 *   <li>{@code tableSweep} against {@code baselineSweep}: one expiry sweep of the million nodes
 *   when none is due, the common case (a sweep runs every 15 s by default): the expiry wheel looks
 *   at the buckets due, the plain design at every node.</li>
 * </ul>
 *
 * <p>It sits in the tally's package to reach the package-private node table (the benchmarks jar
 * runs on the class path, where that is allowed).
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
    private NodeTable table;
    private HashMapNodeTable baseline;
    private byte[][] wire;
    private LifecycleEvent[] decoded;
    private String[] identities;
    private String[] versions;
    private int next;

    @Setup(Level.Trial)
    public void fillTables() {
        recorder = new TallyRecorder(new TallyMetrics("choria_tally", new PrometheusRegistry(), () -> true),
                ExpiryWindow.DEFAULT, Clock.systemUTC());
        long now = System.currentTimeMillis();
        table = new NodeTable(ExpiryWindow.DEFAULT, now);
        baseline = new HashMapNodeTable(ExpiryWindow.DEFAULT.length());
        for (int i = 1; i <= NODES; i++) {
            recorder.record(alive(i, "0.30.0"));
            table.put("server", identity(i), "0.30.0", now);
            baseline.put("server", identity(i), "0.30.0", now);
        }
        SplittableRandom random = new SplittableRandom(7);
        wire = new byte[EVENTS][];
        decoded = new LifecycleEvent[EVENTS];
        identities = new String[EVENTS];
        versions = new String[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            int node = 1 + random.nextInt(NODES);
            String version = i % 10 == 0 ? "0.31.0" : "0.30.0";
            LifecycleEvent e = alive(node, version);
            decoded[i] = e;
            wire[i] = Lifecycle.toJson(e);
            identities[i] = identity(node);
            versions[i] = version;
        }
    }

    private static String identity(int node) {
        return String.format("node-%07d.example.net", node);
    }

    private static LifecycleEvent alive(int node, String version) {
        return Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                EventOption.identity(identity(node)), EventOption.version(version));
    }

    @Benchmark
    public void fromWire() {
        recorder.onLifecycleMessage(SUBJECT, wire[next++ & (EVENTS - 1)]);
    }

    @Benchmark
    public void decoded() {
        recorder.record(decoded[next++ & (EVENTS - 1)]);
    }

    @Benchmark
    public String tablePut() {
        int i = next++ & (EVENTS - 1);
        return table.put("server", identities[i], versions[i], System.currentTimeMillis());
    }

    @Benchmark
    public String baselinePut() {
        int i = next++ & (EVENTS - 1);
        return baseline.put("server", identities[i], versions[i], System.currentTimeMillis());
    }

    @Benchmark
    public int tableSweep() {
        return table.expire(System.currentTimeMillis(), TallyRecorder.EXPIRY_CHUNK).size();
    }

    @Benchmark
    public int baselineSweep() {
        return baseline.expire(System.currentTimeMillis());
    }
}
