package io.choria.lifecycle;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of reading an event: the plain JSON that Choria components write (one object,
 * ASCII strings without escapes, integers, a nested {@code data} object for CloudEvents) read
 * straight off the bytes into the same {@link EventFields} that the Jackson pass fills, so that
 * everything after (format, envelope, type checks, errors) is shared.
 *
 * <p>It reads only what it fully understands and gives up ({@code null}) on anything else: escapes,
 * non-ASCII bytes, other nesting, floats, negative or long numbers, keys that differ from ours only
 * in case (Go matches those case-insensitively), malformed JSON. The Jackson pass then reads the
 * input from the start and decides, so every error still comes from there. Worth it: Jackson's
 * name canonicalisation and char buffers were most of a tally's time per event over a real broker
 * (docs/benchmarks.md gives the JMH numbers).
 */
final class PlainJsonReader {
    /** Longer strings are left to Jackson, which enforces the limits on them. */
    private static final int LONGEST_STRING = 64 * 1024;
    /** Longer integers are left to Jackson (long or BigInteger, Go's uint64). */
    private static final int LONGEST_INTEGER = 18;
    private static final Object GIVE_UP = new Object();

    private final byte[] in;
    private int pos;

    private PlainJsonReader(byte[] in) {
        this.in = in;
    }

    /** The fields of the top-level object, or null when the input is not plain enough for this reader. */
    static EventFields read(byte[] json) {
        PlainJsonReader r = new PlainJsonReader(json);
        r.skipSpace();
        if (!r.take('{')) {
            return null;
        }
        EventFields fields = r.object(true);
        if (fields == null) {
            return null;
        }
        r.skipSpace();
        return r.pos == json.length ? fields : null;
    }

    /** The members of an object whose '{' was taken, up to and including its '}'. */
    private EventFields object(boolean topLevel) {
        EventFields f = new EventFields();
        skipSpace();
        if (take('}')) {
            return f;
        }
        while (true) {
            skipSpace();
            if (!take('"')) {
                return null;
            }
            int keyStart = pos;
            int keyEnd = stringEnd();
            if (keyEnd < 0) {
                return null;
            }
            pos = keyEnd + 1;
            skipSpace();
            if (!take(':')) {
                return null;
            }
            skipSpace();
            if (!member(f, topLevel, keyStart, keyEnd - keyStart)) {
                return null;
            }
            skipSpace();
            if (take('}')) {
                return f;
            }
            if (!take(',')) {
                return null;
            }
        }
    }

    /** Reads the value of one member into {@code f}; false to give up. */
    private boolean member(EventFields f, boolean topLevel, int key, int length) {
        if (topLevel && is(key, length, "data")) {
            if (pos < in.length && in[pos] == '{') {
                pos++;
                f.data = object(false);
                f.dataOther = null;
                return f.data != null;
            }
            Object other = scalar();
            f.data = null;
            f.dataOther = other;
            return other != GIVE_UP;
        }
        Object value = scalar();
        if (value == GIVE_UP) {
            return false;
        }
        if (topLevel && envelope(f, key, length, value)) {
            return true;
        }
        if (choria(f, key, length, value)) {
            return true;
        }
        for (int i = key; i < key + length; i++) {
            if (in[i] >= 'A' && in[i] <= 'Z') {
                return false; // may be one of ours in another case: Jackson's pass folds it
            }
        }
        return true; // a key we do not read
    }

    private boolean envelope(EventFields f, int key, int length, Object value) {
        switch (length) {
            case 4 -> {
                if (is(key, length, "type")) {
                    f.ceType = value;
                } else if (is(key, length, "time")) {
                    f.time = value;
                } else {
                    return false;
                }
            }
            case 6 -> {
                if (!is(key, length, "source")) {
                    return false;
                }
                f.source(value);
            }
            case 7 -> {
                if (!is(key, length, "subject")) {
                    return false;
                }
                f.subject = value;
            }
            case 11 -> {
                if (is(key, length, "specversion")) {
                    f.specVersion(value);
                } else if (is(key, length, "data_base64")) {
                    f.dataBase64 = value;
                } else {
                    return false;
                }
            }
            case 15 -> {
                if (!is(key, length, "datacontenttype")) {
                    return false;
                }
                f.dataContentType = value;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean choria(EventFields f, int key, int length, Object value) {
        switch (length) {
            case 2 -> {
                if (!is(key, length, "id")) {
                    return false;
                }
                f.id = value;
            }
            case 7 -> {
                if (!is(key, length, "version")) {
                    return false;
                }
                f.version = value;
            }
            case 8 -> {
                if (is(key, length, "protocol")) {
                    f.protocol(value);
                } else if (is(key, length, "identity")) {
                    f.identity = value;
                } else if (is(key, length, "governor")) {
                    f.governor = value;
                } else if (is(key, length, "sequence")) {
                    f.sequence = value;
                } else {
                    return false;
                }
            }
            case 9 -> {
                if (is(key, length, "component")) {
                    f.component = value;
                } else if (is(key, length, "timestamp")) {
                    f.timestamp = value;
                } else {
                    return false;
                }
            }
            case 10 -> {
                if (!is(key, length, "event_type")) {
                    return false;
                }
                f.eventType = value;
            }
            case 11 -> {
                if (!is(key, length, "new_version")) {
                    return false;
                }
                f.newVersion = value;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A string, a small non-negative integer, null, or a {@link JsonValue} for true and false,
     * as {@link JsonValue#read} gives them; {@link #GIVE_UP} for anything else.
     */
    private Object scalar() {
        if (pos >= in.length) {
            return GIVE_UP;
        }
        byte b = in[pos];
        if (b == '"') {
            int start = ++pos;
            int end = stringEnd();
            if (end < 0) {
                return GIVE_UP;
            }
            pos = end + 1;
            // ASCII only (stringEnd checked): one byte is one char, no decoding needed
            return new String(in, start, end - start, StandardCharsets.ISO_8859_1);
        }
        if (b >= '0' && b <= '9') {
            return integer();
        }
        if (literal("null")) {
            return null;
        }
        if (literal("true") || literal("false")) {
            return new JsonValue("bool");
        }
        return GIVE_UP;
    }

    private Object integer() {
        int start = pos;
        long value = 0;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            value = value * 10 + (in[pos] - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits > LONGEST_INTEGER || (digits > 1 && in[start] == '0')) {
            return GIVE_UP; // long ones may be BigIntegers; a leading zero is invalid JSON
        }
        if (pos < in.length && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E')) {
            return GIVE_UP; // a float: Jackson describes it
        }
        return Long.valueOf(value);
    }

    /**
     * The index of the closing quote of the string starting at {@link #pos}, or -1 when it holds
     * an escape, a control character or a non-ASCII byte, is too long, or does not end.
     */
    private int stringEnd() {
        int limit = Math.min(in.length, pos + LONGEST_STRING);
        for (int i = pos; i < limit; i++) {
            byte b = in[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20) { // bytes >= 0x80 are negative
                return -1;
            }
        }
        return -1;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > in.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        int after = pos + n;
        if (after < in.length && Character.isLetterOrDigit(in[after])) {
            return false; // e.g. "nullx": invalid, for Jackson to say so
        }
        pos = after;
        return true;
    }

    private boolean is(int key, int length, String name) {
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in[key + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean take(char c) {
        if (pos < in.length && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }
}
