package io.choria.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads events in both formats in one streaming pass over the bytes (see wire-format.md,
 * "Reading an event"). Every failure, whatever the input, is an {@link EventDecodeException}.
 */
final class EventDecoder {
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Lifecycle events are small and flat; these bounds keep hostile input cheap to refuse. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .maxStringLength(16 * 1024 * 1024)
                    .build())
            .build();

    private static final EventType[] KNOWN_TYPES = Arrays.stream(EventType.values())
            .filter(t -> t != EventType.UNKNOWN)
            .toArray(EventType[]::new);

    private EventDecoder() {
    }

    static LifecycleEvent decode(byte[] json) {
        if (json == null) {
            throw new EventDecodeException("unsupported event format: no data");
        }
        try {
            return decodeTopLevel(json);
        } catch (EventDecodeException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new EventDecodeException("invalid JSON: " + describe(e), e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new EventDecodeException("invalid event: " + e, e);
        }
    }

    private static LifecycleEvent decodeTopLevel(byte[] json) throws IOException {
        EventFields top;
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // The reference's detection finds no protocol in anything but an object.
                throw new EventDecodeException("unsupported event format: " + (first == null
                        ? "no JSON value" : "the JSON value is not an object"));
            }
            top = EventFields.read(p, true);
            if (p.nextToken() != null) {
                throw new EventDecodeException("invalid JSON: unexpected data after the top-level object");
            }
        }
        return switch (top.format()) {
            case CHORIA -> build(top, EventFormat.CHORIA);
            case CLOUDEVENT_V1 -> fromCloudEvent(top);
            case UNKNOWN -> throw new EventDecodeException("unsupported event format");
        };
    }

    /** Step 4: the envelope is checked, then its {@code data} must be a Choria-format event. */
    private static LifecycleEvent fromCloudEvent(EventFields ce) {
        requireString("id", ce.id);
        requireString("type", ce.ceType);
        requireString("subject", ce.subject);
        requireString("datacontenttype", ce.dataContentType);
        if (requireString("time", ce.time) instanceof String t && !Rfc3339.isValid(t)) {
            throw new EventDecodeException("invalid CloudEvent: time '" + t + "' is not an RFC 3339 time");
        }
        if (ce.data != null) {
            return dataEvent(ce.data);
        }
        if (ce.dataOther == null && ce.dataBase64 instanceof String b64) {
            return dataEvent(base64Data(b64));
        }
        if (ce.dataOther == null && ce.dataBase64 != null) {
            throw new EventDecodeException("invalid CloudEvent: data_base64 must be a string, found "
                    + JsonValue.describe(ce.dataBase64));
        }
        throw new EventDecodeException("unsupported event format: the CloudEvent's data is not a lifecycle event");
    }

    private static LifecycleEvent dataEvent(EventFields data) {
        if (data.format() != EventFormat.CHORIA) {
            throw new EventDecodeException("unsupported event format: the CloudEvent's data is not a lifecycle event");
        }
        return build(data, EventFormat.CLOUDEVENT_V1);
    }

    private static EventFields base64Data(String b64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new EventDecodeException("invalid CloudEvent: data_base64 is not base64: " + e.getMessage());
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EventDecodeException("unsupported event format: the CloudEvent's data is not a JSON object");
            }
            EventFields data = EventFields.read(p, false);
            if (p.nextToken() != null) {
                throw new EventDecodeException("invalid JSON in data_base64: unexpected data after the object");
            }
            return data;
        } catch (JsonProcessingException e) {
            throw new EventDecodeException("invalid JSON in data_base64: " + describe(e), e);
        } catch (IOException e) {
            throw new EventDecodeException("invalid data_base64: " + e.getMessage(), e);
        }
    }

    /** Step 3: the protocol names the type, then the type's fields are checked and read. */
    private static LifecycleEvent build(EventFields f, EventFormat format) {
        String protocol = (String) f.protocol;
        EventType type = typeOf(protocol);
        String id = string(type, "id", f.id);
        long timestamp = int64(type, f.timestamp);
        LifecycleEvent event = switch (type) {
            case STARTUP -> withVersion(new StartupEvent(id, timestamp), type, f);
            case ALIVE -> withVersion(new AliveEvent(id, timestamp), type, f);
            case UPGRADED -> {
                UpgradedEvent e = withVersion(new UpgradedEvent(id, timestamp), type, f);
                e.setNewVersion(string(type, "new_version", f.newVersion));
                yield e;
            }
            case SHUTDOWN -> new ShutdownEvent(id, timestamp);
            case PROVISIONED -> new ProvisionedEvent(id, timestamp);
            case GOVERNOR -> governor(new GovernorEvent(id, timestamp), f);
            case UNKNOWN -> throw new IllegalStateException("typeOf never returns UNKNOWN");
        };
        event.setIdentity(string(type, "identity", f.identity));
        event.setComponent(string(type, "component", f.component));
        event.setFormat(format);
        return event;
    }

    /** {@code io.choria.lifecycle.v1.<type>} or {@code choria:lifecycle:<type>:1}, as the reference. */
    static EventType typeOf(String protocol) {
        // the exact names first: no splitting (and no allocation) for every well-formed event
        for (EventType t : KNOWN_TYPES) {
            if (protocol.equals(t.protocol()) || protocol.equals(t.legacyProtocol())) {
                return t;
            }
        }
        String name;
        if (protocol.startsWith("choria:lifecycle")) {
            String[] parts = protocol.split(":", -1);
            name = parts.length == 4 ? parts[2] : null;
        } else {
            String[] parts = protocol.split("\\.", -1);
            name = parts.length == 5 ? parts[4] : null;
        }
        EventType type = EventType.fromName(name);
        if (type == EventType.UNKNOWN) {
            throw new EventDecodeException("unknown protocol '" + protocol + "' received");
        }
        // The reference's per-type readers accept only the exact v1 and legacy names.
        if (!protocol.equals(type.protocol()) && !protocol.equals(type.legacyProtocol())) {
            throw new EventDecodeException("invalid protocol '" + protocol + "'");
        }
        return type;
    }

    private static <E extends LifecycleEvent & VersionedEvent> E withVersion(E event, EventType type, EventFields f) {
        event.setVersion(string(type, "version", f.version));
        return event;
    }

    private static GovernorEvent governor(GovernorEvent event, EventFields f) {
        event.setGovernor(string(EventType.GOVERNOR, "governor", f.governor));
        event.setSequence(uint64(f.sequence));
        event.setEventTypeName(string(EventType.GOVERNOR, "event_type", f.eventType));
        if (event.governor().isEmpty()) {
            throw new EventDecodeException("governor name is not set");
        }
        return event;
    }

    private static String string(EventType type, String field, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        throw typeError(type, field, value, "string");
    }

    private static long int64(EventType type, Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Long l) {
            return l;
        }
        throw typeError(type, "timestamp", value, "int64");
    }

    private static long uint64(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Long l && l >= 0) {
            return l;
        }
        if (value instanceof BigInteger b && b.signum() >= 0 && b.compareTo(MAX_UINT64) <= 0) {
            return b.longValue();
        }
        throw typeError(EventType.GOVERNOR, "sequence", value, "uint64");
    }

    private static EventDecodeException typeError(EventType type, String field, Object value, String goType) {
        String struct = Character.toUpperCase(type.typeName().charAt(0)) + type.typeName().substring(1) + "Event";
        return new EventDecodeException("json: cannot unmarshal " + JsonValue.describe(value)
                + " into Go struct field " + struct + "." + field + " of type " + goType);
    }

    private static Object requireString(String attribute, Object value) {
        if (value != null && !(value instanceof String)) {
            throw new EventDecodeException("invalid CloudEvent: attribute " + attribute + " must be a string, found "
                    + JsonValue.describe(value));
        }
        return value;
    }

    /** One line: Jackson's message without its source excerpt, and where in the input it failed. */
    private static String describe(JsonProcessingException e) {
        String msg = String.valueOf(e.getOriginalMessage())
                .replaceAll("\\s+", " ")
                .replaceAll(" ?\\(start marker at \\[Source: [^]]*]\\)", "");
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        JsonLocation at = e.getLocation();
        return at == null ? msg : msg + " at line " + at.getLineNr() + " column " + at.getColumnNr();
    }

    /** The reference's detection: never throws; malformed input yields what was seen before the fault. */
    static EventFormat detect(byte[] json) {
        if (json == null) {
            return EventFormat.UNKNOWN;
        }
        EventFields seen = new EventFields();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return EventFormat.UNKNOWN;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                Object value = t == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
                // gjson, which the reference uses, takes the first occurrence of a key
                switch (name) {
                    case "protocol" -> seen.protocol = seen.protocol == null ? value : seen.protocol;
                    case "specversion" -> seen.specVersion = seen.specVersion == null ? value : seen.specVersion;
                    case "source" -> seen.source = seen.source == null ? value : seen.source;
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through with what was seen so far, as gjson does with broken JSON
        }
        return seen.format();
    }
}
