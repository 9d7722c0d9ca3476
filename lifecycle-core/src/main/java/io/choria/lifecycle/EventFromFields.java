package io.choria.lifecycle;

import io.choria.lifecycle.internal.QuotedInput;
import java.util.Arrays;

/**
 * Step 3 of reading an event (docs/protocol.md): the protocol format detection found names the
 * type; then, as Go's {@code json.Unmarshal} into that type's struct, the first value of the
 * wrong kind among the fields the type has is the error, and only then is the protocol the
 * decoder was left with checked (the last one, which may differ from the first), then the
 * governor name. So a shutdown event with a numeric {@code version} is fine and an alive event
 * with one is not.
 */
final class EventFromFields {
    private static final EventType[] KNOWN_TYPES = Arrays.stream(EventType.values())
            .filter(t -> t != EventType.UNKNOWN)
            .toArray(EventType[]::new);

    private EventFromFields() {
    }

    /** The event these Choria-format fields describe, in {@code format}. */
    static LifecycleEvent make(EventFields f, WireFormat format) {
        EventType type = typeOf((String) f.detectedProtocol);
        EventFields.Mistyped wrong = f.firstMistyped(type);
        if (wrong != null) {
            throw typeError(type, wrong.field(), wrong.value());
        }
        if (!f.protocol.equals(type.protocol()) && !f.protocol.equals(type.legacyProtocol())) {
            throw new EventDecodeException("invalid protocol '" + QuotedInput.of(f.protocol) + "'");
        }
        String id = orEmpty(f.id);
        LifecycleEvent event = switch (type) {
            case STARTUP -> withVersion(new StartupEvent(id, f.timestamp), f);
            case ALIVE -> withVersion(new AliveEvent(id, f.timestamp), f);
            case UPGRADED -> {
                UpgradedEvent e = withVersion(new UpgradedEvent(id, f.timestamp), f);
                e.setNewVersion(orEmpty(f.newVersion));
                yield e;
            }
            case SHUTDOWN -> new ShutdownEvent(id, f.timestamp);
            case PROVISIONED -> new ProvisionedEvent(id, f.timestamp);
            case GOVERNOR -> governor(new GovernorEvent(id, f.timestamp), f);
            case UNKNOWN -> throw new IllegalStateException("typeOf never returns UNKNOWN");
        };
        event.setIdentity(orEmpty(f.identity));
        event.setComponent(orEmpty(f.component));
        event.setFormat(format);
        return event;
    }

    /** Whether the reference's struct for {@code type} has {@code field}: what its decoder reads. */
    static boolean hasField(EventType type, EventField field) {
        return switch (field) {
            case PROTOCOL, ID, IDENTITY, COMPONENT, TIMESTAMP -> true;
            case VERSION -> type == EventType.STARTUP || type == EventType.ALIVE || type == EventType.UPGRADED;
            case NEW_VERSION -> type == EventType.UPGRADED;
            case GOVERNOR, SEQUENCE, EVENT_TYPE -> type == EventType.GOVERNOR;
            default -> false;
        };
    }

    /** {@code io.choria.lifecycle.v1.<type>} or {@code choria:lifecycle:<type>:1}, as the reference finds the type. */
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
        return EventType.find(name).orElseThrow(
                () -> new EventDecodeException("unknown protocol '" + QuotedInput.of(protocol) + "' received"));
    }

    private static <E extends LifecycleEvent & VersionedEvent> E withVersion(E event, EventFields f) {
        event.setVersion(orEmpty(f.version));
        return event;
    }

    private static GovernorEvent governor(GovernorEvent event, EventFields f) {
        event.setGovernor(orEmpty(f.governor));
        event.setSequence(f.sequence);
        event.setStageName(orEmpty(f.eventType));
        if (event.governor().isEmpty()) {
            throw new EventDecodeException("governor name is not set");
        }
        return event;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Go's {@code UnmarshalTypeError}: the Go struct is the type's, the field is named as in JSON. */
    private static EventDecodeException typeError(EventType type, EventField field, Object value) {
        String struct = Character.toUpperCase(type.typeName().charAt(0)) + type.typeName().substring(1) + "Event";
        return new EventDecodeException("json: cannot unmarshal " + describe(value, field.goType())
                + " into Go struct field " + struct + "." + field.jsonName() + " of type " + field.goTypeName());
    }

    /** How Go's decoder names a value of the wrong kind: a number with its text only when the target is a number. */
    private static String describe(Object value, EventField.GoType target) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long || value instanceof JsonNumber) {
            return target == EventField.GoType.STRING ? "number" : "number " + value;
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        return ((JsonContainer) value).array() ? "array" : "object";
    }
}
