package io.choria.lifecycle.nats;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;

/** Which events a subscriber wants: one type, one exact component, both, or everything (null = any). */
public record EventFilter(EventType type, String component) {
    /** Every event. */
    public static final EventFilter ALL = new EventFilter(null, null);

    public EventFilter {
        if (type == EventType.UNKNOWN) {
            type = null;
        }
        if (component != null && component.isEmpty()) {
            component = null;
        }
    }

    /**
     * A filter from a type name (checked against the type names) and a component; either may be null or empty.
     *
     * @throws LifecycleException naming the valid types when {@code typeName} is not one of them
     */
    public static EventFilter of(String typeName, String component) {
        EventType type = null;
        if (typeName != null && !typeName.isEmpty()) {
            type = EventType.named(typeName);
        }
        return new EventFilter(type, component);
    }

    /** Whether {@code event} passes. */
    public boolean matches(LifecycleEvent event) {
        return (type == null || event.type() == type) && (component == null || component.equals(event.component()));
    }
}
