package io.choria.lifecycle.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL expression of the Grafana dashboard and of the alerting rules, read from the files
 * themselves (never copied into a test), each with where it came from.
 */
final class PromqlExpressions {
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*(\\w+)\\)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");

    private PromqlExpressions() {
    }

    /** Panel queries by "panel title / refId", template variable queries by "variable name". */
    static Map<String, String> dashboard(Path dashboard) {
        JsonNode root = read(new ObjectMapper(), dashboard);
        Map<String, String> found = new LinkedHashMap<>();
        panelQueries(root.path("panels"), found);
        for (JsonNode variable : root.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode q = variable.path("query");
                String text = q.isTextual() ? q.asText() : q.path("query").asText();
                found.put("variable " + variable.path("name").asText(), asPromql(text));
            }
        }
        return found;
    }

    private static void panelQueries(JsonNode panels, Map<String, String> found) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                found.put(panel.path("title").asText() + " / " + target.path("refId").asText(), target.path("expr").asText());
            }
            panelQueries(panel.path("panels"), found); // panels inside collapsed rows
        }
    }

    /** Alerting and recording rules by "group / alert or record name". */
    static Map<String, String> rules(Path rules) {
        JsonNode root = read(new YAMLMapper(), rules);
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                found.put(group.path("name").asText() + " / " + name, rule.path("expr").asText());
            }
        }
        return found;
    }

    /** Grafana's {@code label_values(selector, label)} as the PromQL Grafana itself runs for it. */
    static String asPromql(String variableQuery) {
        Matcher m = LABEL_VALUES.matcher(variableQuery.trim());
        return m.matches() ? "group by (" + m.group(2) + ") (" + m.group(1) + ")" : variableQuery;
    }

    /**
     * {@code expr} with Grafana's variables replaced as a dashboard would ({@code $__rate_interval}
     * and friends, and the dashboard's own from {@code values}); fails on one it does not know.
     */
    static String substitute(String expr, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("__rate_interval", "1m", "__interval", "15s",
                "__range", "1h", "__range_s", "3600"));
        all.putAll(values);
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = all.get(name);
            if (value == null) {
                throw new AssertionError("unknown Grafana variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names of the metric families an expression reads (words starting with the prefix). */
    static List<String> families(String expr, String prefix) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\b" + Pattern.quote(prefix) + "\\w+").matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
