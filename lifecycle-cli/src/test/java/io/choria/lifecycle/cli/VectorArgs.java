package io.choria.lifecycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The {@code encode} command lines that reproduce the conformance vectors' events. */
final class VectorArgs {
    private VectorArgs() {
    }

    /** The {@code encode} arguments that reproduce a vector's event in {@code format}. */
    static List<String> encodeArgs(JsonNode event, String format) {
        List<String> args = new ArrayList<>(List.of("encode",
                "--type", event.get("type").asText(),
                "--component", event.get("component").asText(),
                "--identity", event.get("identity").asText(),
                "--id", event.get("id").asText(),
                "--timestamp", event.get("timestamp").asText(),
                "--format", format));
        addIfPresent(args, event, "version", "--version");
        addIfPresent(args, event, "new_version", "--new-version");
        addIfPresent(args, event, "governor", "--governor");
        addIfPresent(args, event, "event_type", "--governor-event");
        addIfPresent(args, event, "sequence", "--sequence");
        return args;
    }

    private static void addIfPresent(List<String> args, JsonNode event, String field, String flag) {
        if (event.has(field)) {
            args.add(flag);
            args.add(event.get(field).asText());
        }
    }
}
