package io.choria.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The one table of the JSON members an event is read from: each name, where it may appear and
 * which occurrence counts when it is repeated. Both readers consult it: the Jackson pass
 * ({@link EventFields#read}) by name, the plain-JSON fast path ({@link PlainJsonReader}) straight
 * off the input bytes; {@link EventFields#set} keeps the duplicate rule. Neither lookup allocates.
 */
enum EventField {
    PROTOCOL("protocol", Scope.CHORIA, Occurrence.FIRST),
    ID("id", Scope.CHORIA, Occurrence.LAST),
    IDENTITY("identity", Scope.CHORIA, Occurrence.LAST),
    COMPONENT("component", Scope.CHORIA, Occurrence.LAST),
    TIMESTAMP("timestamp", Scope.CHORIA, Occurrence.LAST),
    VERSION("version", Scope.CHORIA, Occurrence.LAST),
    NEW_VERSION("new_version", Scope.CHORIA, Occurrence.LAST),
    GOVERNOR("governor", Scope.CHORIA, Occurrence.LAST),
    SEQUENCE("sequence", Scope.CHORIA, Occurrence.LAST),
    EVENT_TYPE("event_type", Scope.CHORIA, Occurrence.LAST),
    SPECVERSION("specversion", Scope.ENVELOPE, Occurrence.FIRST),
    SOURCE("source", Scope.ENVELOPE, Occurrence.FIRST),
    TYPE("type", Scope.ENVELOPE, Occurrence.LAST),
    SUBJECT("subject", Scope.ENVELOPE, Occurrence.LAST),
    DATACONTENTTYPE("datacontenttype", Scope.ENVELOPE, Occurrence.LAST),
    TIME("time", Scope.ENVELOPE, Occurrence.LAST),
    DATA_BASE64("data_base64", Scope.ENVELOPE, Occurrence.LAST),
    /** The CloudEvent's payload: an object is read as the Choria fields, anything else kept as is. */
    DATA("data", Scope.ENVELOPE, Occurrence.LAST);

    /** Where a member is read. */
    enum Scope {
        /** The Choria-format fields: the top level of a bare event, or a CloudEvent's {@code data}. */
        CHORIA,
        /** The CloudEvents envelope: the top level only. */
        ENVELOPE
    }

    /**
     * Which of a repeated member counts. The reference finds the format and the type with gjson,
     * which takes the first occurrence of a key, and only then unmarshals the fields, where the
     * last one wins: so the members format detection reads (protocol, specversion, source) count
     * as first seen, every other as last seen.
     */
    enum Occurrence {
        FIRST,
        LAST
    }

    private static final EventField[] VALUES = values();
    private static final Map<String, EventField> BY_NAME = new HashMap<>();
    /**
     * The byte lookup's index: the fields by the length of their name and its second byte, which
     * today leaves one candidate per slot (type and time are both 4 long but differ there), so a
     * key costs one array load and one comparison, as the length switches this table replaced did.
     * A new field that shares a slot still works: the slot then holds both.
     */
    private static final EventField[][] BY_SHAPE;
    private static final EventField[] NONE = {};
    private static final int LONGEST;

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
    private final boolean choria;
    private final boolean firstWins;

    EventField(String jsonName, Scope scope, Occurrence occurrence) {
        if (jsonName.length() < 2) {
            throw new IllegalArgumentException("the byte lookup needs names of two bytes or more: " + jsonName);
        }
        this.jsonName = jsonName;
        this.bytes = jsonName.getBytes(StandardCharsets.US_ASCII);
        this.choria = scope == Scope.CHORIA;
        this.firstWins = occurrence == Occurrence.FIRST;
    }

    /** The member's name in JSON. */
    String jsonName() {
        return jsonName;
    }

    /** Whether the first of repeated occurrences counts (else the last does). */
    boolean firstOccurrenceWins() {
        return firstWins;
    }

    /**
     * Whether Go's decoder also fills this field from a name that differs only in case (it matches
     * struct fields case-insensitively): the Choria fields, except the protocol, which the
     * reference's format detection matches exactly. The envelope is matched exactly too.
     */
    boolean matchesAnyCase() {
        return choria && this != PROTOCOL;
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

    /** Every field, in table order (for tests that walk the table). */
    static EventField[] all() {
        return VALUES.clone();
    }

    /** The index slot of a name: its length and its second byte (ASCII: the fast path reads no other keys). */
    private static int shape(byte[] in, int from, int length) {
        return length << 7 | (in[from + 1] & 0x7F);
    }

    private boolean readAt(boolean topLevel) {
        return topLevel || choria;
    }
}
