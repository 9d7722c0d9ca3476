package io.choria.lifecycle.machine;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.internal.FieldValue;
import io.choria.lifecycle.internal.QuotedInput;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.choria.lifecycle.machine.MachineEvents.ExecState;
import io.choria.lifecycle.machine.MachineEvents.Transition;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CloudEvents Choria Autonomous Agent machines publish: the envelope must be a v1.0
 * CloudEvent (id, source, type present), its {@code data} an object with the expected
 * {@code protocol}; fields present must have the JSON types of the schemas in
 * {@code schemas/choria/machine}, as Go's decoder insists.
 *
 * <p>Read with jackson-core's streaming parser (no object mapper): both payloads are flat
 * objects of strings and integers, and the tally then needs nothing beyond what the core
 * codec already pulls in.
 */
public final class MachineEventReader {
    private static final JsonFactory JSON = new JsonFactory();

    private MachineEventReader() {
    }

    /**
     * The transition in a {@code choria.machine.transition} message.
     *
     * @throws LifecycleException ({@code INVALID_INPUT}) saying what is wrong with it
     */
    public static Transition transition(byte[] body) {
        Map<String, Object> data = data(body, MachineEvents.TRANSITION_PROTOCOL);
        checkTypes(data, List.of("identity", "id", "version", "machine", "transition", "from_state", "to_state"),
                List.of("timestamp"));
        return new Transition(text(data, "machine"), text(data, "version"), text(data, "transition"),
                text(data, "from_state"), text(data, "to_state"));
    }

    /**
     * The state in a {@code choria.machine.watcher.exec.state} message.
     *
     * @throws LifecycleException ({@code INVALID_INPUT}) saying what is wrong with it
     */
    public static ExecState execState(byte[] body) {
        Map<String, Object> data = data(body, MachineEvents.EXEC_STATE_PROTOCOL);
        checkTypes(data, List.of("identity", "id", "version", "type", "machine", "name", "command", "previous_outcome"),
                List.of("timestamp", "previous_run_time"));
        return new ExecState(text(data, "machine"), text(data, "version"), text(data, "name"),
                text(data, "previous_outcome"), integer(data, "previous_run_time"));
    }

    private static Map<String, Object> data(byte[] body, String protocol) {
        Map<String, Object> envelope = new HashMap<>();
        Map<String, Object> data = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new LifecycleException(Reason.INVALID_INPUT, "could not parse cloudevent: not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("data".equals(name) && value == JsonToken.START_OBJECT) {
                    data = fields(p);
                } else {
                    envelope.put(name, FieldValue.read(p, value));
                }
            }
            if (p.nextToken() != null) {
                throw new LifecycleException(Reason.INVALID_INPUT, "could not parse cloudevent: trailing data after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "could not parse cloudevent: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "could not parse cloudevent: " + e.getMessage());
        }
        if (!"1.0".equals(envelope.get("specversion"))) {
            throw new LifecycleException(Reason.INVALID_INPUT, "could not parse cloudevent: specversion must be 1.0");
        }
        for (String required : new String[] {"id", "source", "type"}) {
            if (!(envelope.get(required) instanceof String v) || v.isEmpty()) {
                throw new LifecycleException(Reason.INVALID_INPUT, "could not parse cloudevent: " + required + " is missing");
            }
        }
        if (data == null) {
            throw new LifecycleException(Reason.INVALID_INPUT, "could not parse notification: data is not a JSON object");
        }
        String got = text(data, "protocol");
        if (!protocol.equals(got)) {
            // quoted as the decoder quotes input: hostile input cannot split the log line the recorder writes
            throw new LifecycleException(Reason.INVALID_INPUT, "unknown notification protocol '" + QuotedInput.of(got) + "'");
        }
        return data;
    }

    /** Go decodes the whole notification into a struct, so a wrong type in any schema field fails it. */
    private static void checkTypes(Map<String, Object> data, List<String> strings, List<String> integers) {
        strings.forEach(f -> text(data, f));
        integers.forEach(f -> integer(data, f));
    }

    /** The members of the object the parser is in, up to its end. */
    private static Map<String, Object> fields(JsonParser p) throws IOException {
        Map<String, Object> out = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            out.put(name, FieldValue.read(p, p.nextToken()));
        }
        return out;
    }

    private static String text(Map<String, Object> data, String field) {
        Object v = data.get(field);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new LifecycleException(Reason.INVALID_INPUT, "could not parse notification: " + field + " is not a string");
        }
        return s;
    }

    private static long integer(Map<String, Object> data, String field) {
        Object v = data.get(field);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Long n)) {
            throw new LifecycleException(Reason.INVALID_INPUT, "could not parse notification: " + field + " is not an integer");
        }
        return n;
    }
}
