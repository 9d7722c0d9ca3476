package io.choria.lifecycle.testing;

import java.nio.charset.StandardCharsets;

/**
 * Machine CloudEvents written by hand, as a Choria Autonomous Agent sends them, for tests that
 * must not depend on our own {@code MachineEventWriter} to produce their input.
 */
public final class MachineEventJson {
    private MachineEventJson() {
    }

    /** A {@code io.choria.machine.v1.transition} event from node {@code n1}. */
    public static byte[] transition(String machine, String version, String transition, String from, String to) {
        return cloudEvent("io.choria.machine.v1.transition", """
                {"protocol":"io.choria.machine.v1.transition","identity":"n1","id":"1","version":"%s",
                 "timestamp":1700000000,"machine":"%s","transition":"%s","from_state":"%s","to_state":"%s"}"""
                .formatted(version, machine, transition, from, to));
    }

    /** A {@code io.choria.machine.watcher.exec.v1.state} event from node {@code n1}. */
    public static byte[] execState(String machine, String version, String watcher, String outcome, long runNanos) {
        return cloudEvent("io.choria.machine.watcher.exec.v1.state", """
                {"protocol":"io.choria.machine.watcher.exec.v1.state","identity":"n1","id":"1","version":"%s",
                 "timestamp":1700000000,"type":"exec","machine":"%s","name":"%s","command":"/bin/true",
                 "previous_outcome":"%s","previous_run_time":%d}""".formatted(version, machine, watcher, outcome, runNanos));
    }

    /** A v1.0 CloudEvent envelope of {@code type} around the raw JSON {@code data}. */
    public static byte[] cloudEvent(String type, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"b3f1\",\"source\":\"io.choria.machine\",\"type\":\"" + type
                + "\",\"subject\":\"n1\",\"datacontenttype\":\"application/json\",\"time\":\"2023-11-14T22:13:20Z\","
                + "\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }
}
