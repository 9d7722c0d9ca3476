package io.choria.lifecycle.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections of a spec file as {@code rpmspec -P} prints it (macros expanded): each section's
 * header line, such as {@code %pre} or {@code %transfiletriggerin -- /usr/lib/jvm}, and its body.
 */
final class SpecSections {
    private static final Pattern HEADER = Pattern.compile("^%(\\w+)(\\s.*)?$");
    private static final Set<String> SECTIONS = Set.of("description", "package", "prep", "build", "install", "check",
            "clean", "pre", "post", "preun", "postun", "pretrans", "posttrans", "filetriggerin", "filetriggerun",
            "filetriggerpostun", "transfiletriggerin", "transfiletriggerun", "transfiletriggerpostun", "files",
            "changelog");

    private SpecSections() {
    }

    /** Header line (trimmed) to body (its lines, without the blank lines that end it). */
    static Map<String, String> of(String parsedSpec) {
        Map<String, String> sections = new LinkedHashMap<>();
        String header = null;
        List<String> body = new ArrayList<>();
        for (String line : parsedSpec.lines().toList()) {
            Matcher m = HEADER.matcher(line);
            if (m.matches() && SECTIONS.contains(m.group(1))) {
                if (header != null) {
                    sections.put(header, join(body));
                }
                header = line.trim();
                body = new ArrayList<>();
            } else if (header != null) {
                body.add(line);
            }
        }
        if (header != null) {
            sections.put(header, join(body));
        }
        return sections;
    }

    /** The section whose header starts with {@code prefix}. */
    static Map.Entry<String, String> named(Map<String, String> sections, String prefix) {
        return sections.entrySet().stream().filter(e -> e.getKey().equals(prefix) || e.getKey().startsWith(prefix + " "))
                .findFirst().orElseThrow(() -> new AssertionError("the spec has no " + prefix + " section: " + sections.keySet()));
    }

    private static String join(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return String.join("\n", lines.subList(0, end));
    }
}
