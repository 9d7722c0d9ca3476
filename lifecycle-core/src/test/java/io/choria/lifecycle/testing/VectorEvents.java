package io.choria.lifecycle.testing;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Makes events from the {@code event} objects of the conformance vectors, through the public API. */
public final class VectorEvents {
    private VectorEvents() {
    }

    /** The event an {@code encode} case describes, made with {@link Lifecycle#newEvent} and options. */
    public static LifecycleEvent fromVector(JsonNode event) {
        List<EventOption> options = new ArrayList<>();
        options.add(EventOption.id(event.path("id").asText()));
        options.add(EventOption.identity(event.path("identity").asText()));
        options.add(EventOption.component(event.path("component").asText()));
        options.add(EventOption.timestamp(Instant.ofEpochSecond(event.path("timestamp").asLong())));
        if (event.has("version")) {
            options.add(EventOption.version(event.get("version").asText()));
        }
        if (event.has("new_version")) {
            options.add(EventOption.newVersion(event.get("new_version").asText()));
        }
        if (event.has("governor")) {
            options.add(EventOption.governorName(event.get("governor").asText()));
        }
        if (event.has("sequence")) {
            options.add(EventOption.governorSequence(unsigned(event.get("sequence"))));
        }
        if (event.has("event_type")) {
            options.add(EventOption.governorType(event.get("event_type").asText()));
        }
        return Lifecycle.newEvent(event.path("type").asText(), options.toArray(EventOption[]::new));
    }

    /** A JSON integer up to 2^64-1 as the unsigned long the API takes. */
    public static long unsigned(JsonNode number) {
        return new BigInteger(number.asText()).longValue();
    }

    /** All encode cases' events, in the order of the file. */
    public static List<LifecycleEvent> all() {
        List<LifecycleEvent> events = new ArrayList<>();
        for (JsonNode c : ConformanceFiles.cases("encode")) {
            events.add(fromVector(c.get("event")));
        }
        return events;
    }
}
