package io.choria.lifecycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The shared conformance vectors, read from {@code <choria.shared.dir>/conformance/vectors.json} at test time. */
final class SharedVectors {
    private static JsonNode root;

    private SharedVectors() {
    }

    static synchronized JsonNode root() {
        if (root == null) {
            String dir = Objects.requireNonNull(System.getProperty("choria.shared.dir"),
                    "system property choria.shared.dir is not set (surefire sets it)");
            try {
                root = new ObjectMapper().readTree(Path.of(dir, "conformance", "vectors.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static List<JsonNode> cases(String section) {
        List<JsonNode> cases = new ArrayList<>();
        root().get(section).forEach(cases::add);
        if (cases.isEmpty()) {
            throw new IllegalStateException("no '" + section + "' vectors");
        }
        return cases;
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
