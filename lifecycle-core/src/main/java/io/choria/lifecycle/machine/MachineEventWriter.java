package io.choria.lifecycle.machine;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.choria.lifecycle.machine.MachineEvents.Origin;
import java.time.Instant;

/**
 * Writes the CloudEvents Choria Autonomous Agent machines publish: a machine transition and an
 * exec watcher state, with the fields of the schemas in {@code choria/machine}. The lifecycle
 * codec does not cover these, so they are written here, with jackson-core's generator as
 * {@link MachineEventReader} reads them.
 */
public final class MachineEventWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private MachineEventWriter() {
    }

    /** The CloudEvent of a transition of {@code o}'s machine from state {@code from} to {@code to}. */
    public static byte[] transition(Origin o, String transition, String from, String to) {
        return write(o, MachineEvents.TRANSITION_PROTOCOL, g -> {
            g.writeStringField("transition", transition);
            g.writeStringField("from_state", from);
            g.writeStringField("to_state", to);
        });
    }

    /** The CloudEvent of an exec watcher's run: its command, outcome and run time in nanoseconds. */
    public static byte[] execState(Origin o, String watcher, String command, String previousOutcome, long previousRunNanos) {
        return write(o, MachineEvents.EXEC_STATE_PROTOCOL, g -> {
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
            g.writeStringField("source", MachineEvents.SOURCE);
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
