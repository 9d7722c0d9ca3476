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
import io.choria.lifecycle.testing.MachineEventJson;
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
        return MachineEventJson.transition(machine, version, transition, from, to);
    }

    static byte[] execState(String machine, String version, String watcher, String outcome, long runNanos) {
        return MachineEventJson.execState(machine, version, watcher, outcome, runNanos);
    }

    static byte[] cloudEvent(String type, String data) {
        return MachineEventJson.cloudEvent(type, data);
    }
}
