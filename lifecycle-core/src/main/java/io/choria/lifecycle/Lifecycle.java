package io.choria.lifecycle;

import io.choria.lifecycle.LifecycleException.Reason;

/**
 * Entry points of the library: making events and reading and writing both wire formats (the
 * reference's {@code New}, {@code NewFromJSON} and JSON marshalling). The type names are
 * {@link EventType#names()}, format detection {@link WireFormat#detect}; the bridge to the
 * CloudEvents SDK is {@code io.choria.lifecycle.cloudevents.CloudEventBridge} (lifecycle-cloudevents).
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    /**
     * Makes a new event of {@code type} with a random v4 UUID, the current time and Choria format
     * (the reference's {@code New}).
     *
     * @throws LifecycleException for {@link EventType#UNKNOWN} or an option that does not apply
     */
    public static LifecycleEvent newEvent(EventType type, EventOption... options) {
        LifecycleEvent event = switch (type) {
            case STARTUP -> new StartupEvent();
            case SHUTDOWN -> new ShutdownEvent();
            case PROVISIONED -> new ProvisionedEvent();
            case ALIVE -> new AliveEvent();
            case GOVERNOR -> new GovernorEvent();
            case UPGRADED -> new UpgradedEvent();
            case UNKNOWN -> throw new LifecycleException(Reason.INVALID_INPUT, "unknown event type");
        };
        for (EventOption option : options) {
            option.applyTo(event);
        }
        return event;
    }

    /**
     * Makes a new event from a type name such as {@code alive}.
     *
     * @throws LifecycleException naming the valid types when {@code typeName} is not one of them
     */
    public static LifecycleEvent newEvent(String typeName, EventOption... options) {
        return newEvent(EventType.named(typeName), options);
    }

    /**
     * Reads an event in either format (the reference's {@code NewFromJSON}).
     *
     * @throws EventDecodeException for anything that is not a valid lifecycle event; nothing else
     */
    public static LifecycleEvent fromJson(byte[] json) {
        return EventDecoder.decode(json);
    }

    /** Writes the event in its own {@link LifecycleEvent#format() format}, byte for byte as the reference. */
    public static byte[] toJson(LifecycleEvent event) {
        return EventEncoder.encode(event, event.format());
    }

    /**
     * Writes the event in {@code format}, byte for byte as the reference.
     *
     * @throws LifecycleException for {@link WireFormat#UNKNOWN}
     */
    public static byte[] toJson(LifecycleEvent event, WireFormat format) {
        return EventEncoder.encode(event, format);
    }
}
