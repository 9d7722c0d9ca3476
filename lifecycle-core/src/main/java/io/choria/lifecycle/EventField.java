package io.choria.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The one table of the JSON members an event is read from: each name, where it is read and, for
 * the Choria-format fields, the Go type of the reference's struct field it fills. Both readers
 * consult it: the Jackson pass ({@link JacksonPass#read}) by name, the plain-JSON fast path
 * ({@link PlainJsonReader}) straight off the input bytes. Neither lookup allocates. What a
 * repeated member does is the readers' business: {@link EventFields} (encoding/json's rules) and
 * {@link CloudEventReading} (the CloudEvents SDK's).
 */
enum EventField {
    PROTOCOL("protocol", GoType.STRING),
    ID("id", GoType.STRING),
    IDENTITY("identity", GoType.STRING),
    COMPONENT("component", GoType.STRING),
    TIMESTAMP("timestamp", GoType.INT64),
    VERSION("version", GoType.STRING),
    NEW_VERSION("new_version", GoType.STRING),
    GOVERNOR("governor", GoType.STRING),
    SEQUENCE("sequence", GoType.UINT64),
    EVENT_TYPE("event_type", GoType.STRING, "lifecycle.GovernorEventType"),
    SPECVERSION("specversion", null),
    SOURCE("source", null),
    TYPE("type", null),
    SUBJECT("subject", null),
    DATACONTENTTYPE("datacontenttype", null),
    TIME("time", null),
    DATASCHEMA("dataschema", null),
    DATA_BASE64("data_base64", null),
    /** The CloudEvent's payload: an object is read as the Choria fields, anything else kept as is. */
    DATA("data", null);

    /** The Go type of a Choria-format field, which decides what JSON it accepts and how a mismatch is named. */
    enum GoType {
        STRING("string"),
        INT64("int64"),
        UINT64("uint64");

        private final String goName;

        GoType(String goName) {
            this.goName = goName;
        }

        String goName() {
            return goName;
        }
    }

    private static final EventField[] VALUES = values();
    private static final Map<String, EventField> BY_NAME = new HashMap<>();
    /**
     * The byte lookup's index: the fields by the length of their name and its second byte, which
     * today leaves one candidate per slot (type and time are both 4 long but differ there), so a
     * key costs one array load and one comparison. A new field that shares a slot still works:
     * the slot then holds both.
     */
    private static final EventField[][] BY_SHAPE;
    private static final EventField[] NONE = {};
    private static final int LONGEST;
    /** U+017F LATIN SMALL LETTER LONG S and U+212A KELVIN SIGN: Go folds them to s and k. */
    private static final char LONG_S = '\u017f';
    private static final char KELVIN = '\u212a';

    static {
        int longest = 0;
        for (EventField f : VALUES) {
            BY_NAME.put(f.jsonName, f);
            longest = Math.max(longest, f.bytes.length);
        }
        LONGEST = longest;
        BY_SHAPE = new EventField[(longest + 1) << 7][];
        Arrays.fill(BY_SHAPE, NONE);
        for (EventField f : VALUES) {
            int slot = shape(f.bytes, 0, f.bytes.length);
            EventField[] held = BY_SHAPE[slot];
            BY_SHAPE[slot] = Arrays.copyOf(held, held.length + 1);
            BY_SHAPE[slot][held.length] = f;
        }
    }

    private final String jsonName;
    private final byte[] bytes;
    private final GoType goType;
    private final String goTypeName;

    EventField(String jsonName, GoType goType) {
        this(jsonName, goType, goType == null ? null : goType.goName());
    }

    EventField(String jsonName, GoType goType, String goTypeName) {
        if (jsonName.length() < 2) {
            throw new IllegalArgumentException("the byte lookup needs names of two bytes or more: " + jsonName);
        }
        this.jsonName = jsonName;
        this.bytes = jsonName.getBytes(StandardCharsets.US_ASCII);
        this.goType = goType;
        this.goTypeName = goTypeName;
    }

    /** The member's name in JSON. */
    String jsonName() {
        return jsonName;
    }

    /** Whether this is a field of the Choria-format object (else a CloudEvents envelope attribute). */
    boolean isChoria() {
        return goType != null;
    }

    /** The Go type of the reference's struct field; null for the envelope's attributes. */
    GoType goType() {
        return goType;
    }

    /** How Go's decoder names that type in its errors, e.g. {@code string}, {@code lifecycle.GovernorEventType}. */
    String goTypeName() {
        return goTypeName;
    }

    /** The field named exactly {@code name} that is read at this level, or null. */
    static EventField named(String name, boolean topLevel) {
        EventField f = BY_NAME.get(name);
        return f != null && f.readAt(topLevel) ? f : null;
    }

    /** The field whose name is {@code in[from, from + length)} exactly, read at this level, or null. */
    static EventField named(byte[] in, int from, int length, boolean topLevel) {
        if (length < 2 || length > LONGEST) {
            return null;
        }
        EventField[] candidates = BY_SHAPE[shape(in, from, length)];
        for (int i = 0; i < candidates.length; i++) {
            EventField f = candidates[i];
            if (Arrays.equals(in, from, from + length, f.bytes, 0, length)) {
                return f.readAt(topLevel) ? f : null;
            }
        }
        return null;
    }

    /**
     * The Choria-format field that Go's {@code encoding/json} (Go 1.19, the reference's) fills from
     * a key that is not exactly its name: ASCII letters in either case, and {@code ſ} (U+017F) for
     * {@code s}, {@code K} (U+212A) for {@code k}, the two non-ASCII letters that fold to ASCII
     * ones. Null when none does. The envelope's attributes are matched exactly, as the SDK does.
     */
    static EventField folded(String key) {
        for (EventField f : VALUES) {
            if (f.isChoria() && f.foldsFrom(key)) {
                return f;
            }
        }
        return null;
    }

    /** Every field, in table order (for tests that walk the table). */
    static EventField[] all() {
        return VALUES.clone();
    }

    private boolean foldsFrom(String key) {
        if (key.length() != jsonName.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char ours = jsonName.charAt(i);
            char theirs = key.charAt(i);
            boolean same = theirs == ours
                    || ours >= 'a' && ours <= 'z' && theirs == ours - ('a' - 'A')
                    || ours == 's' && theirs == LONG_S
                    || ours == 'k' && theirs == KELVIN;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The index slot of a name: its length and its second byte (ASCII: the fast path reads no other keys). */
    private static int shape(byte[] in, int from, int length) {
        return length << 7 | (in[from + 1] & 0x7F);
    }

    private boolean readAt(boolean topLevel) {
        return topLevel || isChoria();
    }
}
