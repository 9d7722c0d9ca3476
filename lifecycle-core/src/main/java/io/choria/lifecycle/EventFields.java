package io.choria.lifecycle;

import io.choria.lifecycle.internal.FieldValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;

/**
 * The raw values of one JSON object as read in a single streaming pass: the Choria-format fields
 * and, at the top level, the CloudEvents envelope. Each value is a String, Long, BigInteger,
 * {@link FieldValue} (wrong kind) or null (absent or JSON null); types are checked only once the
 * protocol, which may come last, says which fields the event has.
 */
final class EventFields {
    Object protocol;
    Object id;
    Object identity;
    Object component;
    Object timestamp;
    Object version;
    Object newVersion;
    Object governor;
    Object sequence;
    Object eventType;

    // CloudEvents envelope; only read at the top level
    Object specVersion;
    Object source;
    Object ceType;
    Object subject;
    Object dataContentType;
    Object time;
    Object dataBase64;
    EventFields data;
    Object dataOther;

    /** The first-occurrence {@link EventField}s set so far, by ordinal: what their rule needs. */
    private int seen;

    /**
     * Sets a field from one occurrence of its member, keeping the table's duplicate rule
     * ({@link EventField#firstOccurrenceWins}). {@link EventField#DATA} here is a value that is
     * not an object; an object is read with {@link #read} into {@link #data}.
     */
    void set(EventField field, Object value) {
        if (field.firstOccurrenceWins()) {
            int bit = 1 << field.ordinal();
            if ((seen & bit) != 0) {
                return;
            }
            seen |= bit;
        }
        switch (field) {
            case PROTOCOL -> protocol = value;
            case ID -> id = value;
            case IDENTITY -> identity = value;
            case COMPONENT -> component = value;
            case TIMESTAMP -> timestamp = value;
            case VERSION -> version = value;
            case NEW_VERSION -> newVersion = value;
            case GOVERNOR -> governor = value;
            case SEQUENCE -> sequence = value;
            case EVENT_TYPE -> eventType = value;
            case SPECVERSION -> specVersion = value;
            case SOURCE -> source = value;
            case TYPE -> ceType = value;
            case SUBJECT -> subject = value;
            case DATACONTENTTYPE -> dataContentType = value;
            case TIME -> time = value;
            case DATA_BASE64 -> dataBase64 = value;
            case DATA -> {
                data = null;
                dataOther = value;
            }
        }
    }

    /** Sets the CloudEvent's data to the fields of the object it is. */
    void setData(EventFields object) {
        data = object;
        dataOther = null;
    }

    /** Reads the object whose START_OBJECT the parser is on, up to and including its END_OBJECT. */
    static EventFields read(JsonParser p, boolean topLevel) throws IOException {
        EventFields f = new EventFields();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            EventField field = EventField.named(name, topLevel);
            if (field == null) {
                field = foldedCase(name);
            }
            if (field == null) {
                p.skipChildren();
            } else if (field == EventField.DATA && t == JsonToken.START_OBJECT) {
                f.setData(read(p, false));
            } else {
                f.set(field, FieldValue.read(p, t));
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new EventDecodeException("invalid JSON: expected a field name");
        }
        return f;
    }

    /**
     * Go's decoder matches struct fields case-insensitively, so {@code "Identity"} fills identity;
     * the lower-cased retry gives the same result for the fields it applies to
     * ({@link EventField#matchesAnyCase}).
     */
    private static EventField foldedCase(String name) {
        String folded = name.toLowerCase(Locale.ROOT);
        if (folded.equals(name)) {
            return null;
        }
        EventField field = EventField.named(folded, false);
        return field != null && field.matchesAnyCase() ? field : null;
    }

    /** The format the reference's detection gives these top-level fields, plus legacy protocols. */
    WireFormat format() {
        if (protocol instanceof String s && isLifecycleProtocol(s)) {
            return WireFormat.CHORIA;
        }
        if ("1.0".equals(specVersion) && EventEncoder.CLOUDEVENT_SOURCE.equals(source)) {
            return WireFormat.CLOUDEVENT_V1;
        }
        return WireFormat.UNKNOWN;
    }

    static boolean isLifecycleProtocol(String protocol) {
        return protocol.startsWith("io.choria.lifecycle") || protocol.startsWith("choria:lifecycle");
    }
}
