package io.choria.lifecycle.tally.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of a web configuration file with its place in it ({@code tls_server_config}),
 * read the way the exporter-toolkit reads YAML strictly: an unknown key or a value of the wrong
 * kind is an error naming the file, the key and what to write instead.
 */
final class ConfigNode {
    private final Path file;
    private final String path;
    private final JsonNode node;

    private ConfigNode(Path file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The document's top level; an empty document is an empty mapping, as in Go. */
    static ConfigNode root(Path file, JsonNode document) {
        ConfigNode root = new ConfigNode(file, "", document == null || document.isMissingNode() || document.isNull()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : document);
        if (!root.node.isObject()) {
            throw root.error("the file must be a YAML mapping (tls_server_config:, basic_auth_users:, ...)");
        }
        return root;
    }

    /** Refuses keys outside {@code known}, as yaml.UnmarshalStrict does. */
    ConfigNode only(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new LifecycleException(Reason.INVALID_INPUT, file + ": " + key(name)
                        + ": unknown key; " + (path.isEmpty() ? "the file's" : path + "'s") + " keys are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    /** The mapping under {@code name}; absent or null means empty. */
    ConfigNode mapping(String name) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            return new ConfigNode(file, key(name), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!child.isObject()) {
            throw at(name, "must be a mapping of keys, not " + kind(child));
        }
        return new ConfigNode(file, key(name), child);
    }

    boolean has(String name) {
        JsonNode child = node.get(name);
        return child != null && !child.isNull();
    }

    /** A string value, or {@code fallback} when absent; numbers and booleans are refused (quote them). */
    String string(String name, String fallback) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            return fallback;
        }
        if (!child.isTextual()) {
            throw at(name, "must be a string, not " + kind(child) + " (quote it)");
        }
        return child.asText();
    }

    boolean bool(String name, boolean fallback) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            return fallback;
        }
        if (!child.isBoolean()) {
            throw at(name, "must be true or false, not " + kind(child));
        }
        return child.booleanValue();
    }

    int integer(String name, int fallback) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            return fallback;
        }
        if (!child.canConvertToInt() || !child.isIntegralNumber()) {
            throw at(name, "must be a whole number, not " + kind(child));
        }
        return child.intValue();
    }

    /** A list of strings; absent means empty. */
    List<String> strings(String name) {
        JsonNode child = node.get(name);
        List<String> values = new ArrayList<>();
        if (child == null || child.isNull()) {
            return values;
        }
        if (!child.isArray()) {
            throw at(name, "must be a list (- item lines), not " + kind(child));
        }
        for (JsonNode item : child) {
            if (!item.isTextual()) {
                throw at(name, "must list strings, not " + kind(item));
            }
            values.add(item.asText());
        }
        return values;
    }

    /** Every key of this mapping with its string value, in file order. */
    Map<String, String> stringMap() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), string(field.getKey(), ""));
        }
        return values;
    }

    /** A path given in the file, relative to the file's directory as the toolkit resolves it. */
    Path resolve(String value) {
        Path p = Path.of(value);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    /** An error about the value of {@code name}: "FILE: section.name: problem". */
    LifecycleException at(String name, String problem) {
        return new LifecycleException(Reason.INVALID_INPUT, file + ": " + key(name) + ": " + problem);
    }

    /** An error about this mapping as a whole. */
    LifecycleException error(String problem) {
        return new LifecycleException(Reason.INVALID_INPUT, file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String kind(JsonNode n) {
        return n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean() ? "true/false"
                : n.isArray() ? "a list" : n.isObject() ? "a mapping" : "null";
    }
}
