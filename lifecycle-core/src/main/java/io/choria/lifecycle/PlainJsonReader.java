package io.choria.lifecycle;

import io.choria.lifecycle.internal.FieldValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // the keys we read, as bytes: comparing them with the input needs no String
    private static final byte[] COMPONENT = ascii("component");
    private static final byte[] DATA = ascii("data");
    private static final byte[] DATA_BASE64 = ascii("data_base64");
    private static final byte[] DATACONTENTTYPE = ascii("datacontenttype");
    private static final byte[] EVENT_TYPE = ascii("event_type");
    private static final byte[] GOVERNOR = ascii("governor");
    private static final byte[] ID = ascii("id");
    private static final byte[] IDENTITY = ascii("identity");
    private static final byte[] NEW_VERSION = ascii("new_version");
    private static final byte[] PROTOCOL = ascii("protocol");
    private static final byte[] SEQUENCE = ascii("sequence");
    private static final byte[] SOURCE = ascii("source");
    private static final byte[] SPECVERSION = ascii("specversion");
    private static final byte[] SUBJECT = ascii("subject");
    private static final byte[] TIME = ascii("time");
    private static final byte[] TIMESTAMP = ascii("timestamp");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] VERSION = ascii("version");

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
        if (topLevel && is(key, length, DATA)) {
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
                if (is(key, length, TYPE)) {
                    f.ceType = value;
                } else if (is(key, length, TIME)) {
                    f.time = value;
                } else {
                    return false;
                }
            }
            case 6 -> {
                if (!is(key, length, SOURCE)) {
                    return false;
                }
                f.source(value);
            }
            case 7 -> {
                if (!is(key, length, SUBJECT)) {
                    return false;
                }
                f.subject = value;
            }
            case 11 -> {
                if (is(key, length, SPECVERSION)) {
                    f.specVersion(value);
                } else if (is(key, length, DATA_BASE64)) {
                    f.dataBase64 = value;
                } else {
                    return false;
                }
            }
            case 15 -> {
                if (!is(key, length, DATACONTENTTYPE)) {
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
                if (!is(key, length, ID)) {
                    return false;
                }
                f.id = value;
            }
            case 7 -> {
                if (!is(key, length, VERSION)) {
                    return false;
                }
                f.version = value;
            }
            case 8 -> {
                if (is(key, length, PROTOCOL)) {
                    f.protocol(value);
                } else if (is(key, length, IDENTITY)) {
                    f.identity = value;
                } else if (is(key, length, GOVERNOR)) {
                    f.governor = value;
                } else if (is(key, length, SEQUENCE)) {
                    f.sequence = value;
                } else {
                    return false;
                }
            }
            case 9 -> {
                if (is(key, length, COMPONENT)) {
                    f.component = value;
                } else if (is(key, length, TIMESTAMP)) {
                    f.timestamp = value;
                } else {
                    return false;
                }
            }
            case 10 -> {
                if (!is(key, length, EVENT_TYPE)) {
                    return false;
                }
                f.eventType = value;
            }
            case 11 -> {
                if (!is(key, length, NEW_VERSION)) {
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
     * A string, a small non-negative integer, null, or a {@link FieldValue} for true and false,
     * as {@link FieldValue#read} gives them; {@link #GIVE_UP} for anything else.
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
            return new FieldValue.WrongKind("bool");
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
        int i = pos;
        // eight bytes at a time while none of them is special; the byte loop below finds which
        while (i + Long.BYTES <= limit && !special((long) WORDS.get(in, i))) {
            i += Long.BYTES;
        }
        for (; i < limit; i++) {
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

    /**
     * Whether any of the eight bytes in {@code w} is a quote, a backslash, below 0x20 or above 0x7F
     * (the classic has-zero-byte test on {@code w} XOR the byte, per byte, without a branch).
     */
    private static boolean special(long w) {
        long quote = w ^ 0x2222222222222222L;
        long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
        long zeroQuote = (quote - 0x0101010101010101L) & ~quote;
        long zeroBackslash = (backslash - 0x0101010101010101L) & ~backslash;
        long control = (w - 0x2020202020202020L) & ~w; // a byte below 0x20 borrows (top bit set)
        return ((zeroQuote | zeroBackslash | control | w) & 0x8080808080808080L) != 0; // w: bytes >= 0x80
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

    private boolean is(int key, int length, byte[] name) {
        return length == name.length && Arrays.equals(in, key, key + length, name, 0, length);
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
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
