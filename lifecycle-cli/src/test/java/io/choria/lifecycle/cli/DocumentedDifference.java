package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The differences from the reference that docs/protocol.md's table "Differences from the
 * reference, on purpose" lists, as the conformance test recognises them: each has the label its
 * row starts with and a rule that tells it from a plain mismatch. A difference counts only while
 * its row is in the table ({@link #assertDocumented}).
 */
enum DocumentedDifference {
    LEGACY_PROTOCOL("Legacy protocol names", "legacy protocol"),
    ABSENT_ID_AND_TIME("An absent or null id or timestamp", "absent (or null)"),
    NESTED_CLOUDEVENT("A CloudEvent in a CloudEvent's data", "CloudEvent nested"),
    DEEP_NESTING("Nesting deeper than 64 levels", "nesting deeper than 64"),
    INAPPLICABLE_OPTION("An option that does not apply to the type", "option that does not apply"),
    CLI_STREAM("`decode` reads a stream", "the CLI"),
    DATA_AFTER_CLOUDEVENT("Data after a CloudEvent", "data after a CloudEvent"),
    NEWLINE_AT_END("A newline at the end of Go's text", null),
    ARGUMENT_NOT_UTF8("An argument that is not UTF-8", null),
    SYNTAX_ERROR("JSON syntax errors", null),
    REASON_ADDED("A reason after Go's text", null),
    JSONITER_EXCERPT("json-iterator's excerpt of the input", null),
    QUOTED_INPUT("Input quoted in an error", null);

    /** Go's encoding/json scanner errors, which ours words as Jackson does. */
    private static final Pattern GO_SYNTAX = Pattern.compile("invalid character '.*' (looking for beginning of .*|after .*|in .*)"
            + "|unexpected end of JSON input");
    private static final Path PROTOCOL_MD = Path.of("..", "docs", "protocol.md");
    private static final String TABLE = "## Differences from the reference, on purpose";

    private final String label;
    private final String note;

    DocumentedDifference(String label, String note) {
        this.label = label;
        this.note = note;
    }

    /** The difference a case's {@code documented} note names; fails when the note names none we know. */
    static DocumentedDifference ofNote(String documented) {
        return Arrays.stream(values()).filter(d -> d.note != null && documented.contains(d.note)).findFirst()
                .orElseGet(() -> fail("the reference outputs document a difference this test does not know: " + documented));
    }

    /**
     * The difference that explains our error text {@code ours} where Go wrote {@code go}, for an
     * input that {@code isJson} or not; empty when the texts are equal, and null-free otherwise:
     * a mismatch no row explains fails the test.
     */
    static Optional<DocumentedDifference> ofErrorText(String go, String ours, boolean isJson) {
        if (ours.equals(go)) {
            return Optional.empty();
        }
        int excerpt = go.indexOf(", error found in #");
        if (excerpt > 0 && ours.equals(go.substring(0, excerpt))) {
            return Optional.of(JSONITER_EXCERPT);
        }
        if (ours.startsWith(go + ": ")) {
            return Optional.of(REASON_ADDED);
        }
        if (go.endsWith("\n") && ours.equals(go.stripTrailing())) {
            return Optional.of(NEWLINE_AT_END);
        }
        if (ours.equals(escapeControls(go)) || isCutFrom(ours, go)) {
            return Optional.of(QUOTED_INPUT);
        }
        if (ours.contains("invalid JSON") && (!isJson || GO_SYNTAX.matcher(go).matches())) {
            return Optional.of(SYNTAX_ERROR);
        }
        return fail("error text differs and no documented difference explains it:%n  Go:   %s%n  ours: %s", go, ours);
    }

    /** Fails unless docs/protocol.md's table of differences has this row. */
    void assertDocumented() {
        String doc;
        try {
            doc = Files.readString(PROTOCOL_MD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = doc.indexOf(TABLE);
        assertThat(start).as("%s has the section '%s'", PROTOCOL_MD, TABLE).isNotNegative();
        int end = doc.indexOf("\n## ", start + TABLE.length());
        String table = doc.substring(start, end < 0 ? doc.length() : end);
        assertThat(table).as("the table of differences in %s has a row for: %s", PROTOCOL_MD, label)
                .contains("| " + label);
    }

    /** Whether {@code ours} is {@code go} with a long quoted value cut to a shorter one and {@code ...}. */
    private static boolean isCutFrom(String ours, String go) {
        int dots = ours.indexOf("...");
        if (dots < 0 || go.length() <= ours.length()) {
            return false;
        }
        String before = ours.substring(0, dots);
        String after = ours.substring(dots + 3);
        String open = before.endsWith("\"") ? before.substring(0, before.length() - 1) : before;
        return go.startsWith(open) && go.endsWith(after);
    }

    /** {@code s} with control characters and line separators escaped as our error texts quote input. */
    private static String escapeControls(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029
                        ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.toString();
    }
}
