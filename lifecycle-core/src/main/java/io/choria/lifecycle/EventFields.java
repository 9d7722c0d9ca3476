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

    private boolean protocolSeen;
    private boolean specVersionSeen;
    private boolean sourceSeen;

    /**
     * The reference finds the format and the type with gjson, which takes the first occurrence of
     * a key, and only then unmarshals the fields (where the last one wins). So a repeated
     * protocol, specversion or source counts as first seen; every other field as last seen.
     */
    void protocol(Object value) {
        if (!protocolSeen) {
            protocol = value;
            protocolSeen = true;
        }
    }

    void specVersion(Object value) {
        if (!specVersionSeen) {
            specVersion = value;
            specVersionSeen = true;
        }
    }

    void source(Object value) {
        if (!sourceSeen) {
            source = value;
            sourceSeen = true;
        }
    }

    /** Reads the object whose START_OBJECT the parser is on, up to and including its END_OBJECT. */
    static EventFields read(JsonParser p, boolean topLevel) throws IOException {
        EventFields f = new EventFields();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (topLevel && f.readEnvelope(name, p, t)) {
                continue;
            }
            if (!f.readChoria(name, p, t) && !f.readChoriaFolded(name, p, t)) {
                p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new EventDecodeException("invalid JSON: expected a field name");
        }
        return f;
    }

    /**
     * Go's decoder matches struct fields case-insensitively, so {@code "Identity"} fills identity;
     * the lower-cased retry gives the same result. The protocol is matched exactly: format detection
     * in the reference is case-sensitive.
     */
    private boolean readChoriaFolded(String name, JsonParser p, JsonToken t) throws IOException {
        String folded = name.toLowerCase(Locale.ROOT);
        return !folded.equals(name) && !folded.equals("protocol") && readChoria(folded, p, t);
    }

    private boolean readChoria(String name, JsonParser p, JsonToken t) throws IOException {
        switch (name) {
            case "protocol" -> protocol(FieldValue.read(p, t));
            case "id" -> id = FieldValue.read(p, t);
            case "identity" -> identity = FieldValue.read(p, t);
            case "component" -> component = FieldValue.read(p, t);
            case "timestamp" -> timestamp = FieldValue.read(p, t);
            case "version" -> version = FieldValue.read(p, t);
            case "new_version" -> newVersion = FieldValue.read(p, t);
            case "governor" -> governor = FieldValue.read(p, t);
            case "sequence" -> sequence = FieldValue.read(p, t);
            case "event_type" -> eventType = FieldValue.read(p, t);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean readEnvelope(String name, JsonParser p, JsonToken t) throws IOException {
        switch (name) {
            case "specversion" -> specVersion(FieldValue.read(p, t));
            case "source" -> source(FieldValue.read(p, t));
            case "type" -> ceType = FieldValue.read(p, t);
            case "subject" -> subject = FieldValue.read(p, t);
            case "datacontenttype" -> dataContentType = FieldValue.read(p, t);
            case "time" -> time = FieldValue.read(p, t);
            case "data_base64" -> dataBase64 = FieldValue.read(p, t);
            case "data" -> {
                if (t == JsonToken.START_OBJECT) {
                    data = read(p, false);
                    dataOther = null;
                } else {
                    data = null;
                    dataOther = FieldValue.read(p, t);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
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
