package io.choria.lifecycle;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The kinds of lifecycle event Choria components publish (the reference's {@code Type}). */
public enum EventType {
    /** A type name that is not one of the known ones. */
    UNKNOWN(-1, "unknown", "Unknown"),
    /** A component started. */
    STARTUP(0, "startup", "Startup"),
    /** A component is shutting down. */
    SHUTDOWN(1, "shutdown", "Shutdown"),
    /** A node finished provisioning. */
    PROVISIONED(2, "provisioned", "Provisioned"),
    /** A component is still running (every 30 minutes on servers). */
    ALIVE(3, "alive", "Alive"),
    /** A component interacted with a Governor. */
    GOVERNOR(4, "governor", "Governor"),
    /** A component upgraded itself. */
    UPGRADED(5, "upgraded", "Upgraded");

    private static final List<String> NAMES = Arrays.stream(values())
            .filter(t -> t != UNKNOWN)
            .map(EventType::typeName)
            .sorted()
            .toList();

    private final int code;
    private final String typeName;
    private final String displayName;
    private final String protocol;
    private final String legacyProtocol;

    EventType(int code, String typeName, String displayName) {
        this.code = code;
        this.typeName = typeName;
        this.displayName = displayName;
        this.protocol = "io.choria.lifecycle.v1." + typeName;
        this.legacyProtocol = "choria:lifecycle:" + typeName + ":1";
    }

    /** The reference's integer value of the type: 0 for startup up to 5 for upgraded, -1 for unknown. */
    public int code() {
        return code;
    }

    /** The lower-case name used in subjects, protocols and filters, e.g. {@code startup}. */
    public String typeName() {
        return typeName;
    }

    /** The v1 protocol name, e.g. {@code io.choria.lifecycle.v1.startup}. */
    public String protocol() {
        return protocol;
    }

    /** The protocol name older components wrote, e.g. {@code choria:lifecycle:startup:1}. */
    public String legacyProtocol() {
        return legacyProtocol;
    }

    /**
     * The reference's {@code Type.String()}: {@code Startup}, {@code Shutdown}, ... The reference
     * returns {@code Startup} for shutdown; this implementation returns {@code Shutdown}.
     */
    @Override
    public String toString() {
        return displayName;
    }

    /**
     * The type called {@code name} (exact, lower case); empty for any other name. The one lookup
     * idiom of the library's enums: {@code find} gives an {@code Optional}, and a method named for
     * what it reads ({@link #named}, {@link GovernorStage#fromWireName}) throws with the valid values.
     */
    public static Optional<EventType> find(String name) {
        if (name != null) {
            for (EventType t : values()) {
                if (t != UNKNOWN && t.typeName.equals(name)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The type called {@code name}.
     *
     * @throws LifecycleException ({@code INVALID_INPUT}) naming the valid types when it is none of them
     */
    public static EventType named(String name) {
        return find(name).orElseThrow(() -> new LifecycleException(LifecycleException.Reason.INVALID_INPUT,
                "unknown event type '" + name + "', valid types are " + String.join(", ", NAMES)));
    }

    /**
     * The type with the reference's integer value {@code code}, or {@link #UNKNOWN}: unlike a name,
     * every integer is a value of the reference's {@code Type}, and its zero is {@code Unknown}.
     */
    public static EventType fromCode(int code) {
        for (EventType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return UNKNOWN;
    }

    /**
     * The valid type names, sorted (the reference's {@code EventTypeNames}): {@code alive, governor,
     * provisioned, shutdown, startup, upgraded}.
     */
    public static List<String> names() {
        return NAMES;
    }
}
