package io.choria.lifecycle.tally;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;

/**
 * Runs the lifecycle ingest path (decode, record, metrics) on made-up events, in a throw-away
 * recorder, before the tally subscribes. A JVM that has just started interprets that path many
 * times slower than it runs once compiled, so a tally started into a busy network fell behind by
 * more than its pending limits in its first seconds and lost events (bench ingest: 625,000 of a
 * million offered at 200,000 a second). A second or so of this first and the compiled code is there
 * before the first real event.
 */
final class IngestWarmup {
    /** Enough calls for the JIT's optimising tier to compile the hot methods. */
    static final int EVENTS = 150_000;
    private static final int DISTINCT = 4_096;

    private IngestWarmup() {
    }

    /** Runs the path {@code events} times; returns how long it took, in milliseconds. */
    static long run(int events) {
        long start = System.nanoTime();
        TallyRecorder scratch = new TallyRecorder(new TallyMetrics("warmup", new PrometheusRegistry(), () -> true),
                ExpiryWindow.DEFAULT, Clock.systemUTC());
        String[] subjects = new String[DISTINCT];
        byte[][] bodies = new byte[DISTINCT][];
        EventType[] types = {EventType.ALIVE, EventType.ALIVE, EventType.ALIVE, EventType.STARTUP, EventType.SHUTDOWN,
            EventType.UPGRADED, EventType.PROVISIONED, EventType.GOVERNOR};
        for (int i = 0; i < DISTINCT; i++) {
            LifecycleEvent e = event(types[i % types.length], i);
            e.setFormat(i % 10 == 0 ? WireFormat.CHORIA : WireFormat.CLOUDEVENT_V1);
            subjects[i] = e.target();
            bodies[i] = Lifecycle.toJson(e);
        }
        for (int i = 0; i < events; i++) {
            scratch.onLifecycleMessage(subjects[i % DISTINCT], bodies[i % DISTINCT]);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static LifecycleEvent event(EventType type, int i) {
        String identity = "warmup-" + i + ".example.net";
        return switch (type) {
            case SHUTDOWN, PROVISIONED -> Lifecycle.newEvent(type, EventOption.component("server"),
                    EventOption.identity(identity));
            case UPGRADED -> Lifecycle.newEvent(type, EventOption.component("server"), EventOption.identity(identity),
                    EventOption.version("1.0." + i % 7), EventOption.newVersion("1.1.0"));
            case GOVERNOR -> Lifecycle.newEvent(type, EventOption.component("server"), EventOption.identity(identity),
                    EventOption.governorName("WARMUP"), EventOption.governorSequence(i),
                    EventOption.governorStage(GovernorStage.ENTER));
            default -> Lifecycle.newEvent(type, EventOption.component("server"), EventOption.identity(identity),
                    EventOption.version("1.0." + i % 7));
        };
    }
}
