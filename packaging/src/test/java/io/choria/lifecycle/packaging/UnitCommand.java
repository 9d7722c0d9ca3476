package io.choria.lifecycle.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit's {@code ExecStart} line turned into the command systemd would run, for machines
 * where systemd is not running: the environment file read as systemd reads it, {@code ${VAR}}
 * replaced as one word and a bare {@code $VAR} split at whitespace (systemd.service, "Command
 * lines").
 */
final class UnitCommand {
    private UnitCommand() {
    }

    /** The value of {@code key} in the unit's {@code [Service]} section (the last one given). */
    static String setting(Path unit, String key) throws IOException {
        String value = null;
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith(key + "=")) {
                value = line.substring(key.length() + 1).trim();
            }
        }
        if (value == null) {
            throw new AssertionError(unit + " has no " + key + "=");
        }
        return value;
    }

    /** {@code KEY=VALUE} lines of an environment file; comments and blank lines skipped, quotes removed. */
    static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            int eq = l.indexOf('=');
            String value = l.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(l.substring(0, eq).trim(), value);
        }
        return env;
    }

    /** The words systemd would execute for {@code execStart} with {@code env}. */
    static List<String> expand(String execStart, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        for (String word : execStart.trim().split("\\s+")) {
            if (word.matches("\\$\\w+")) {
                String value = env.getOrDefault(word.substring(1), "").trim();
                if (!value.isEmpty()) {
                    words.addAll(List.of(value.split("\\s+")));
                }
            } else {
                StringBuilder out = new StringBuilder();
                var m = java.util.regex.Pattern.compile("\\$\\{(\\w+)}").matcher(word);
                while (m.find()) {
                    m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
                }
                m.appendTail(out);
                words.add(out.toString());
            }
        }
        return words;
    }
}
