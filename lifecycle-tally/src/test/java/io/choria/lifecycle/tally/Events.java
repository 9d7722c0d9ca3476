package io.choria.lifecycle.tally;

import static io.choria.lifecycle.EventOption.component;
import static io.choria.lifecycle.EventOption.identity;
import static io.choria.lifecycle.EventOption.version;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Wire messages for tests: lifecycle events through the core codec, machine CloudEvents by hand. */
final class Events {
    private Events() {
    }

    static LifecycleEvent alive(String c, String id, String v) {
        return Lifecycle.newEvent(EventType.ALIVE, component(c), identity(id), version(v));
    }

    static LifecycleEvent startup(String c, String id, String v) {
        return Lifecycle.newEvent(EventType.STARTUP, component(c), identity(id), version(v));
    }

    static LifecycleEvent shutdown(String c, String id) {
        return Lifecycle.newEvent(EventType.SHUTDOWN, component(c), identity(id));
    }

    static LifecycleEvent provisioned(String c, String id) {
        return Lifecycle.newEvent(EventType.PROVISIONED, component(c), identity(id));
    }

    static LifecycleEvent upgraded(String c, String id, String v, String nv) {
        return Lifecycle.newEvent(EventType.UPGRADED, component(c), identity(id), version(v), EventOption.newVersion(nv));
    }

    static LifecycleEvent governor(String c, String id, String governor, GovernorStage stage) {
        return Lifecycle.newEvent(EventType.GOVERNOR, component(c), identity(id),
                EventOption.governorName(governor), EventOption.governorStage(stage));
    }

    static LifecycleEvent at(LifecycleEvent e, Instant t) {
        e.setTimestamp(t);
        return e;
    }

    static byte[] json(LifecycleEvent e) {
        return Lifecycle.toJson(e);
    }

    static byte[] cloudEventJson(LifecycleEvent e) {
        return Lifecycle.toJson(e, WireFormat.CLOUDEVENT_V1);
    }

    static String subject(LifecycleEvent e) {
        return e.target();
    }

    static byte[] transition(String machine, String version, String transition, String from, String to) {
        return cloudEvent("io.choria.machine.v1.transition", """
                {"protocol":"io.choria.machine.v1.transition","identity":"n1","id":"1","version":"%s",
                 "timestamp":1700000000,"machine":"%s","transition":"%s","from_state":"%s","to_state":"%s"}"""
                .formatted(version, machine, transition, from, to));
    }

    static byte[] execState(String machine, String version, String watcher, String outcome, long runNanos) {
        return cloudEvent("io.choria.machine.watcher.exec.v1.state", """
                {"protocol":"io.choria.machine.watcher.exec.v1.state","identity":"n1","id":"1","version":"%s",
                 "timestamp":1700000000,"type":"exec","machine":"%s","name":"%s","command":"/bin/true",
                 "previous_outcome":"%s","previous_run_time":%d}""".formatted(version, machine, watcher, outcome, runNanos));
    }

    static byte[] cloudEvent(String type, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"b3f1\",\"source\":\"io.choria.machine\",\"type\":\"" + type
                + "\",\"subject\":\"n1\",\"datacontenttype\":\"application/json\",\"time\":\"2023-11-14T22:13:20Z\","
                + "\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }
}
