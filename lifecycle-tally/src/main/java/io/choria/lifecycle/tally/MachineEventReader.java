package io.choria.lifecycle.tally;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads the CloudEvents Choria Autonomous Agent machines publish: the envelope must be a v1.0
 * CloudEvent (id, source, type present), its {@code data} an object with the expected
 * {@code protocol}; fields present must have the JSON types of the schemas in
 * {@code schemas/choria/machine}, as Go's decoder insists.
 */
final class MachineEventReader {
    static final String TRANSITION_PROTOCOL = "io.choria.machine.v1.transition";
    static final String EXEC_STATE_PROTOCOL = "io.choria.machine.watcher.exec.v1.state";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A machine transition notification. */
    record Transition(String machine, String version, String transition, String from, String to) {
    }

    /** An exec watcher state notification; the run time is in nanoseconds. */
    record ExecState(String machine, String version, String watcher, String previousOutcome, long previousRunTimeNanos) {
    }

    Transition transition(byte[] body) {
        JsonNode data = data(body, TRANSITION_PROTOCOL);
        return new Transition(text(data, "machine"), text(data, "version"), text(data, "transition"),
                text(data, "from_state"), text(data, "to_state"));
    }

    ExecState execState(byte[] body) {
        JsonNode data = data(body, EXEC_STATE_PROTOCOL);
        text(data, "identity");
        integer(data, "timestamp");
        return new ExecState(text(data, "machine"), text(data, "version"), text(data, "name"),
                text(data, "previous_outcome"), integer(data, "previous_run_time"));
    }

    private static JsonNode data(byte[] body, String protocol) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TallyException("could not parse cloudevent: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TallyException("could not parse cloudevent: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new TallyException("could not parse cloudevent: not a JSON object");
        }
        if (!"1.0".equals(root.path("specversion").asText(null))) {
            throw new TallyException("could not parse cloudevent: specversion must be 1.0");
        }
        for (String required : new String[] {"id", "source", "type"}) {
            if (!root.path(required).isTextual() || root.path(required).asText().isEmpty()) {
                throw new TallyException("could not parse cloudevent: " + required + " is missing");
            }
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new TallyException("could not parse notification: data is not a JSON object");
        }
        String got = text(data, "protocol");
        if (!protocol.equals(got)) {
            throw new TallyException("unknown notification protocol '" + got + "'");
        }
        return data;
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new TallyException("could not parse notification: " + field + " is not a string");
        }
        return v.asText();
    }

    private static long integer(JsonNode data, String field) {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new TallyException("could not parse notification: " + field + " is not an integer");
        }
        return v.asLong();
    }
}
