package io.choria.lifecycle;

import io.choria.lifecycle.internal.QuotedInput;
import io.choria.lifecycle.internal.FieldValue;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Step 3 of reading an event (docs/protocol.md): the protocol names the type, then only the fields
 * that type has are type-checked and read, as the reference's per-type readers do, so a shutdown
 * event with a numeric {@code version} is fine and an alive event with one is not.
 */
final class EventFromFields {
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final EventType[] KNOWN_TYPES = Arrays.stream(EventType.values())
            .filter(t -> t != EventType.UNKNOWN)
            .toArray(EventType[]::new);

    private EventFromFields() {
    }

    /** The event these Choria-format fields describe, in {@code format}. */
    static LifecycleEvent make(EventFields f, WireFormat format) {
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
        EventType type = EventType.find(name).orElseThrow(
                () -> new EventDecodeException("unknown protocol '" + QuotedInput.of(protocol) + "' received"));
        // The reference's per-type readers accept only the exact v1 and legacy names.
        if (!protocol.equals(type.protocol()) && !protocol.equals(type.legacyProtocol())) {
            throw new EventDecodeException("invalid protocol '" + QuotedInput.of(protocol) + "'");
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
        event.setStageName(string(EventType.GOVERNOR, "event_type", f.eventType));
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
        return new EventDecodeException("json: cannot unmarshal " + FieldValue.describe(value)
                + " into Go struct field " + struct + "." + field + " of type " + goType);
    }
}
