package io.choria.lifecycle.bench;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.StartupEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec against bare Jackson on the same bytes: each decode is measured against a streaming
 * pass over every token of its input that builds nothing, each encode against a generator writing
 * the same fields and values. The goal is every codec operation at ≥ 0.5× its baseline.
 * Every method returns its result, which JMH sinks into a Blackhole.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark {
    /** The startup event of the reference's own tests (the first conformance encode vector). */
    static final String ID = "01e72410-d734-4611-9485-8c6a2dd2579b";
    static final String IDENTITY = "ginkgo.example.net";
    static final String COMPONENT = "ginkgo";
    static final long TIMESTAMP = 1535106973L;
    static final String VERSION = "1.2.3";
    static final String TIME = "2018-08-24T10:36:13Z";

    private LifecycleEvent event;
    private byte[] choria;
    private byte[] cloudEvent;
    private BareJackson bare;
    /** The CloudEvent with one character of the identity escaped: not plain, so Jackson reads it. */
    private byte[] cloudEventEscaped;
    /** Distinct CloudEvents of a fleet, read in turn: the bytes are not always in cache, as on a broker. */
    private byte[][] fleet;
    private int next;

    @Setup
    public void setUp() {
        event = Lifecycle.newEvent(EventType.STARTUP, EventOption.id(ID), EventOption.identity(IDENTITY),
                EventOption.component(COMPONENT), EventOption.version(VERSION),
                EventOption.timestamp(Instant.ofEpochSecond(TIMESTAMP)));
        choria = Lifecycle.toJson(event, WireFormat.CHORIA);
        cloudEvent = Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1);
        bare = new BareJackson();
        cloudEventEscaped = new String(cloudEvent, java.nio.charset.StandardCharsets.UTF_8)
                .replace("ginkgo.example.net", "ginkgo.example\\u002enet").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fleet = new byte[FLEET][];
        for (int i = 0; i < FLEET; i++) {
            LifecycleEvent e = Lifecycle.newEvent(i % 10 == 0 ? EventType.STARTUP : EventType.ALIVE,
                    EventOption.identity(String.format("node-%06d.example.net", i)), EventOption.component("server"),
                    EventOption.version("0.31." + i % 5));
            fleet[i] = Lifecycle.toJson(e, WireFormat.CLOUDEVENT_V1);
        }
    }

    static final int FLEET = 100_000;

    /** The plain-JSON fast path gives up at the escape and Jackson reads the event: the slow path's cost. */
    @Benchmark
    public LifecycleEvent decodeCloudEventEscaped() {
        return Lifecycle.fromJson(cloudEventEscaped);
    }

    /** A different event each call, from a fleet of 100,000. */
    @Benchmark
    public LifecycleEvent decodeFleetCloudEvents() {
        byte[] json = fleet[next];
        next = next + 1 == FLEET ? 0 : next + 1;
        return Lifecycle.fromJson(json);
    }

    @Benchmark
    public LifecycleEvent decodeChoria() {
        return Lifecycle.fromJson(choria);
    }

    @Benchmark
    public LifecycleEvent decodeCloudEvent() {
        return Lifecycle.fromJson(cloudEvent);
    }

    @Benchmark
    public byte[] encodeChoria() {
        return Lifecycle.toJson(event, WireFormat.CHORIA);
    }

    @Benchmark
    public byte[] encodeCloudEvent() {
        return Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1);
    }

    @Benchmark
    public long baselineScanChoria() throws IOException {
        return bare.scan(choria);
    }

    @Benchmark
    public long baselineScanCloudEvent() throws IOException {
        return bare.scan(cloudEvent);
    }

    @Benchmark
    public byte[] baselineWriteChoria() throws IOException {
        return bare.writeChoria(ID, IDENTITY, COMPONENT, TIMESTAMP, VERSION);
    }

    @Benchmark
    public byte[] baselineWriteCloudEvent() throws IOException {
        return bare.writeCloudEvent(ID, IDENTITY, COMPONENT, TIMESTAMP, VERSION, TIME);
    }

    /** The event the codec benchmarks encode (for tests). */
    StartupEvent event() {
        return (StartupEvent) event;
    }
}
