package io.choria.lifecycle;

import io.choria.lifecycle.LifecycleException.Reason;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A lifecycle event: the fields every type shares (the reference's {@code Event} interface and
 * its {@code basicEvent}). Subclasses add the fields of their type. Events are mutable like the
 * reference's, so they are not safe to change from several threads at once.
 */
public abstract sealed class LifecycleEvent
        permits StartupEvent, ShutdownEvent, ProvisionedEvent, AliveEvent, GovernorEvent, UpgradedEvent {

    /** The subject prefix every event is published under. */
    public static final String SUBJECT_PREFIX = "choria.lifecycle.event.";

    private final EventType type;
    private String id;
    private String identity = "";
    private String component = "";
    private long timestamp;
    private WireFormat format = WireFormat.CHORIA;

    /** A new event: a random v4 UUID, the current Unix second, Choria format, as the reference. */
    LifecycleEvent(EventType type) {
        this(type, UUID.randomUUID().toString(), Instant.now().getEpochSecond());
    }

    /** An event read from the wire: its fields come from the bytes, so no UUID is generated. */
    LifecycleEvent(EventType type, String id, long timestamp) {
        this.type = type;
        this.id = id;
        this.timestamp = timestamp;
    }

    /** The type of this event. */
    public final EventType type() {
        return type;
    }

    /** The type's lower-case name, e.g. {@code startup} (the reference's {@code TypeString()}). */
    public final String typeName() {
        return type.typeName();
    }

    /** The v1 protocol, e.g. {@code io.choria.lifecycle.v1.startup}; legacy names are normalised. */
    public final String protocol() {
        return type.protocol();
    }

    /** The event's id: a v4 UUID for new events, whatever was received for parsed ones. */
    public final String id() {
        return id;
    }

    /** Replaces the id, e.g. to reproduce a recorded event. */
    public final void setId(String id) {
        this.id = nonNull(id);
    }

    /** The identity of the node or client that produced the event. */
    public final String identity() {
        return identity;
    }

    public final void setIdentity(String identity) {
        this.identity = nonNull(identity);
    }

    /** The component that produced the event, e.g. {@code server}. */
    public final String component() {
        return component;
    }

    public final void setComponent(String component) {
        this.component = nonNull(component);
    }

    /**
     * When the event was made, to the second. The wire carries any int64 (the reference writes them
     * all); beyond the billion years {@link Instant} holds, this is {@link Instant#MIN} or
     * {@link Instant#MAX} (see {@link #unixTimestamp()} for the value itself).
     */
    public final Instant timestamp() {
        return Instant.ofEpochSecond(Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), timestamp)));
    }

    /** When the event was made, as integer Unix seconds (what the wire carries). */
    public final long unixTimestamp() {
        return timestamp;
    }

    /** Replaces the time of the event; sub-second parts are dropped as on the wire. */
    public final void setTimestamp(Instant time) {
        this.timestamp = Objects.requireNonNull(time, "time").getEpochSecond();
    }

    public final void setUnixTimestamp(long unixSeconds) {
        this.timestamp = unixSeconds;
    }

    /** The format the event is written in when published. */
    public final WireFormat format() {
        return format;
    }

    public final void setFormat(WireFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * The subject to publish to: {@code choria.lifecycle.event.<type>.<component>}.
     *
     * @throws LifecycleException when the component is empty
     */
    public final String target() {
        if (component.isEmpty()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "event is not complete, component has not been set");
        }
        return SUBJECT_PREFIX + type.typeName() + "." + component;
    }

    /** The display string, e.g. {@code [startup] node1: server version 1.2.3}. */
    @Override
    public String toString() {
        return "[" + type.typeName() + "] " + identity + ": " + component;
    }

    /** Events are equal when every field written on the wire, and the format, are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        LifecycleEvent e = (LifecycleEvent) o;
        return timestamp == e.timestamp && id.equals(e.id) && identity.equals(e.identity)
                && component.equals(e.component) && format == e.format && extraFieldsEqual(e);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, id, identity, component, timestamp);
    }

    /** Whether the type's own fields equal those of {@code other}, an event of the same class. */
    abstract boolean extraFieldsEqual(LifecycleEvent other);

    /**
     * Null becomes "", and half of a surrogate pair becomes U+FFFD: Go strings cannot hold one
     * either (its decoder and encoder both substitute U+FFFD), so both formats stay writable.
     */
    static String nonNull(String s) {
        if (s == null) {
            return "";
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return replaceLoneSurrogates(s);
            }
        }
        return s;
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
