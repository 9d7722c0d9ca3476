package io.choria.lifecycle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of reading an event: the plain JSON that Choria components write (one object,
 * ASCII strings without escapes, integers, a nested {@code data} object for CloudEvents) read
 * straight off the bytes into the same {@link EventFields} that the Jackson pass fills, with the
 * same table of members ({@link EventField}, looked up on the input bytes without a String), so
 * that everything after (format, envelope, type checks, errors) is shared.
 *
 * <p>It reads only what it fully understands and gives up ({@code null}) on anything else: escapes,
 * non-ASCII bytes, other nesting, floats, negative or long numbers, keys that differ from ours only
 * in case (Go matches those case-insensitively; a non-ASCII key, which may fold to ours, is given
 * up on as any non-ASCII byte is), malformed JSON. The Jackson pass then reads the
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
        EventFields f = new EventFields(topLevel);
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
        EventField field = EventField.named(in, key, length, topLevel);
        if (field == EventField.DATA && pos < in.length && in[pos] == '{') {
            pos++;
            EventFields data = object(false);
            if (data != null) {
                f.setDataObject(data);
            }
            return data != null;
        }
        Object value = scalar();
        if (value == GIVE_UP) {
            return false;
        }
        if (field != null) {
            f.set(field, value, true);
            return true;
        }
        for (int i = key; i < key + length; i++) {
            if (in[i] >= 'A' && in[i] <= 'Z') {
                return false; // may be one of ours in another case: Jackson's pass folds it
            }
        }
        f.unknownMember(); // a key we do not read
        return true;
    }

    /**
     * A string, a small non-negative integer, null, true or false, as {@link JacksonPass#value}
     * gives them; {@link #GIVE_UP} for anything else.
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
        if (literal("true")) {
            return Boolean.TRUE;
        }
        if (literal("false")) {
            return Boolean.FALSE;
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
