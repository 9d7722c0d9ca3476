package io.choria.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * What one pass over a JSON object reads, member by member in input order. Its Choria-format
 * fields as Go's {@code encoding/json} leaves them in the reference's struct: the last non-null
 * value of each (a JSON null leaves a field as it was), the key matched exactly or
 * case-insensitively ({@link EventField#folded}); every value of the wrong kind is kept, in
 * input order, for the error ({@link #firstMistyped}). Apart from those, what format detection
 * reads (the reference's gjson: the first member named exactly so, whatever its value), and at
 * the top level the CloudEvents envelope as the SDK reads it ({@link CloudEventReading}, made at
 * its first attribute). Values are a String, Long, {@link JsonNumber}, Boolean, null, a
 * {@link JsonContainer} for an object or array, or a nested {@code EventFields} for data.
 */
final class EventFields {
    String protocol;
    String id;
    String identity;
    String component;
    long timestamp;
    String version;
    String newVersion;
    String governor;
    long sequence;
    String eventType;

    /** The first member named exactly {@code protocol}, {@code specversion}, {@code source}: what detection reads. */
    Object detectedProtocol;
    Object detectedSpecVersion;
    Object detectedSource;
    private int detected;

    private final boolean topLevel;
    private List<Mistyped> mistyped;
    private CloudEventReading cloudEvent;
    private boolean readAgainExactly;

    /** A value of the wrong kind for {@code field}, as the reference's decoder met it. */
    record Mistyped(EventField field, Object value) {
    }

    EventFields(boolean topLevel) {
        this.topLevel = topLevel;
    }

    /** One member: its field, value, and whether its key is the field's name exactly (else it folded to it). */
    void set(EventField field, Object value, boolean exact) {
        if (!field.isChoria()) {
            envelope(field, value);
            return;
        }
        if (exact && field == EventField.PROTOCOL) {
            detected(field, value);
        }
        if (topLevel && (field != EventField.ID || !exact)) {
            readAgainExactly = true; // what the SDK takes as an extension, should this be a CloudEvent
        } else if (topLevel && value != null && !(value instanceof String)) {
            cloudEvent().attribute(field, value); // an id that the SDK cannot read as a string
        }
        if (value == null) {
            return;
        }
        if (!fits(field, value)) {
            if (mistyped == null) {
                mistyped = new ArrayList<>(2);
            }
            mistyped.add(new Mistyped(field, value));
            return;
        }
        switch (field) {
            case PROTOCOL -> protocol = (String) value;
            case ID -> id = (String) value;
            case IDENTITY -> identity = (String) value;
            case COMPONENT -> component = (String) value;
            case TIMESTAMP -> timestamp = value instanceof Long l ? l : ((JsonNumber) value).int64();
            case VERSION -> version = (String) value;
            case NEW_VERSION -> newVersion = (String) value;
            case GOVERNOR -> governor = (String) value;
            case SEQUENCE -> sequence = value instanceof Long l ? l : ((JsonNumber) value).uint64();
            case EVENT_TYPE -> eventType = (String) value;
            default -> throw new IllegalStateException("not a Choria field: " + field);
        }
    }

    /** The CloudEvent's {@code data} member when it is an object. */
    void setDataObject(EventFields data) {
        cloudEvent().attribute(EventField.DATA, data);
    }

    /** A {@code data_base64} written with escapes, whose raw text (what the SDK decodes) only a second pass sees. */
    void escapedDataBase64() {
        readAgainExactly = true;
    }

    /** A member of no field of ours: at the top level of a CloudEvent, an extension. */
    void unknownMember() {
        readAgainExactly |= topLevel;
    }

    /** The first value of the wrong kind among the fields that {@code type} has, or null. */
    Mistyped firstMistyped(EventType type) {
        if (mistyped != null) {
            for (Mistyped m : mistyped) {
                if (EventFromFields.hasField(type, m.field())) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The envelope as the SDK read it; null when the object has no attribute of one. */
    CloudEventReading cloudEventReading() {
        return cloudEvent;
    }

    /**
     * Whether only a second, exact pass over the bytes can tell what the SDK makes of this
     * envelope: it has members the SDK reads as extensions (where they stand decides which error
     * comes first), or a {@code data_base64} that is not a plain string (the SDK reads its raw text).
     */
    boolean needsExactReading() {
        return readAgainExactly;
    }

    /** The format the reference's detection gives these top-level fields, plus legacy protocols. */
    WireFormat format() {
        if (detectedProtocol instanceof String s && isLifecycleProtocol(s)) {
            return WireFormat.CHORIA;
        }
        if ("1.0".equals(detectedSpecVersion) && EventEncoder.CLOUDEVENT_SOURCE.equals(detectedSource)) {
            return WireFormat.CLOUDEVENT_V1;
        }
        return WireFormat.UNKNOWN;
    }

    static boolean isLifecycleProtocol(String protocol) {
        return protocol.startsWith("io.choria.lifecycle") || protocol.startsWith("choria:lifecycle");
    }

    /** Whether Go decodes {@code value} (not null) into {@code field}'s Go type without an error. */
    private static boolean fits(EventField field, Object value) {
        return switch (field.goType()) {
            case STRING -> value instanceof String;
            case INT64 -> value instanceof Long || value instanceof JsonNumber n && n.int64() != null;
            case UINT64 -> value instanceof Long l && l >= 0 || value instanceof JsonNumber n && n.uint64() != null;
        };
    }

    private void envelope(EventField field, Object value) {
        if (field == EventField.SPECVERSION || field == EventField.SOURCE) {
            detected(field, value);
        } else if (field == EventField.DATA_BASE64 && !(value instanceof String)) {
            readAgainExactly = true;
        }
        cloudEvent().attribute(field, value);
    }

    /** Keeps the first occurrence of a member format detection reads: protocol, specversion or source. */
    void detected(EventField field, Object value) {
        int bit = 1 << field.ordinal();
        if ((detected & bit) != 0) {
            return;
        }
        detected |= bit;
        switch (field) {
            case PROTOCOL -> detectedProtocol = value;
            case SPECVERSION -> detectedSpecVersion = value;
            case SOURCE -> detectedSource = value;
            default -> throw new IllegalArgumentException("format detection does not read " + field);
        }
    }

    /** Everything read, in one line: for tests that compare the two readers, and for debugging. */
    @Override
    public String toString() {
        return "protocol=" + protocol + " id=" + id + " identity=" + identity + " component=" + component
                + " timestamp=" + timestamp + " version=" + version + " new_version=" + newVersion
                + " governor=" + governor + " sequence=" + sequence + " event_type=" + eventType
                + " detected=" + detectedProtocol + "/" + detectedSpecVersion + "/" + detectedSource
                + " mistyped=" + mistyped + " exact=" + readAgainExactly + " cloudEvent={" + cloudEvent + "}";
    }

    private CloudEventReading cloudEvent() {
        if (cloudEvent == null) {
            cloudEvent = new CloudEventReading();
        }
        return cloudEvent;
    }
}
