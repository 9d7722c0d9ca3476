package io.choria.lifecycle.cli.simulate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes the CloudEvents Choria Autonomous Agent machines publish: a machine transition
 * ({@code io.choria.machine.v1.transition}) and an exec watcher state
 * ({@code io.choria.machine.watcher.exec.v1.state}), with the fields of the schemas in
 * {@code schemas/choria/machine}. The lifecycle codec does not cover these, so they are written
 * here, with jackson-core's generator like the tally's reader reads them.
 */
final class MachineEvents {
    static final String TRANSITION_SUBJECT = "choria.machine.transition";
    static final String EXEC_STATE_SUBJECT = "choria.machine.watcher.exec.state";
    static final String TRANSITION_PROTOCOL = "io.choria.machine.v1.transition";
    static final String EXEC_STATE_PROTOCOL = "io.choria.machine.watcher.exec.v1.state";

    private static final JsonFactory JSON = new JsonFactory();

    private MachineEvents() {
    }

    /** Who sent a machine event: the CloudEvent id, the node, the machine instance and its version, when. */
    record Origin(String eventId, String identity, String instanceId, String machine, String version, long unixSeconds) {
    }

    static byte[] transition(Origin o, String transition, String from, String to) {
        return write(o, TRANSITION_PROTOCOL, g -> {
            g.writeStringField("transition", transition);
            g.writeStringField("from_state", from);
            g.writeStringField("to_state", to);
        });
    }

    static byte[] execState(Origin o, String watcher, String command, String previousOutcome, long previousRunNanos) {
        return write(o, EXEC_STATE_PROTOCOL, g -> {
            g.writeStringField("type", "exec");
            g.writeStringField("name", watcher);
            g.writeStringField("command", command);
            g.writeStringField("previous_outcome", previousOutcome);
            g.writeNumberField("previous_run_time", previousRunNanos);
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Origin o, String protocol, Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", o.eventId());
            g.writeStringField("source", "io.choria.machine");
            g.writeStringField("type", protocol);
            g.writeStringField("subject", o.identity());
            g.writeStringField("datacontenttype", "application/json");
            g.writeStringField("time", Instant.ofEpochSecond(o.unixSeconds()).toString());
            g.writeObjectFieldStart("data");
            g.writeStringField("protocol", protocol);
            g.writeStringField("identity", o.identity());
            g.writeStringField("id", o.instanceId());
            g.writeStringField("version", o.version());
            g.writeNumberField("timestamp", o.unixSeconds());
            g.writeStringField("machine", o.machine());
            fields.write(g);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }
}
