package io.choria.lifecycle;

import io.choria.lifecycle.LifecycleException.Reason;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Writes events in both wire formats, byte for byte what the reference writes. */
final class EventEncoder {
    static final String CLOUDEVENT_SOURCE = "io.choria.lifecycle";
    static final String CLOUDEVENT_SPEC_VERSION = "1.0";
    static final String CLOUDEVENT_CONTENT_TYPE = "application/json";
    /** Unix seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the times Go writes in a CloudEvent. */
    private static final long FIRST_SECOND = -62167219200L;
    private static final long LAST_SECOND = 253402300799L;

    /**
     * Writes strings escaped exactly as the reference's Go encoder does. Jackson would write a
     * character outside the BMP (an emoji) as two surrogate escapes; Go writes its four UTF-8 bytes.
     */
    static final JsonFactory JSON = new JsonFactoryBuilder()
            .characterEscapes(GoJsonEscapes.INSTANCE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private EventEncoder() {
    }

    static byte[] encode(LifecycleEvent event, WireFormat format) {
        if (format == WireFormat.UNKNOWN) {
            throw new LifecycleException(Reason.INVALID_INPUT, "do not know how to publish this format event");
        }
        // Validate the time before writing anything: Go refuses years outside 0..9999 in CloudEvents.
        String time = format == WireFormat.CLOUDEVENT_V1 ? rfc3339(event.unixTimestamp()) : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream(format == WireFormat.CHORIA ? 256 : 640);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            if (time == null) {
                writeChoria(g, event);
            } else {
                writeCloudEvent(g, event, time);
            }
        } catch (IOException | RuntimeException e) {
            // Unreachable for events made through the setters, which replace lone surrogates.
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot encode event: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The CloudEvents envelope with the Choria object as {@code data}, in the reference's key order. */
    static void writeCloudEvent(JsonGenerator g, LifecycleEvent e, String time) throws IOException {
        g.writeStartObject();
        g.writeStringField("specversion", CLOUDEVENT_SPEC_VERSION);
        g.writeStringField("id", e.id());
        g.writeStringField("source", CLOUDEVENT_SOURCE);
        g.writeStringField("type", e.protocol());
        g.writeStringField("subject", e.identity());
        g.writeStringField("datacontenttype", CLOUDEVENT_CONTENT_TYPE);
        g.writeStringField("time", time);
        g.writeFieldName("data");
        writeChoria(g, e);
        g.writeEndObject();
    }

    /** The bare object: the common fields, then the type's own in the reference's order. */
    static void writeChoria(JsonGenerator g, LifecycleEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("protocol", e.protocol());
        g.writeStringField("id", e.id());
        g.writeStringField("identity", e.identity());
        g.writeStringField("component", e.component());
        g.writeNumberField("timestamp", e.unixTimestamp());
        if (e instanceof VersionedEvent v) {
            g.writeStringField("version", v.version());
        }
        if (e instanceof NewVersionEvent v) {
            g.writeStringField("new_version", v.newVersion());
        }
        if (e instanceof GovernorEvent gov) {
            g.writeStringField("governor", gov.governor());
            g.writeFieldName("sequence");
            if (gov.sequence() >= 0) {
                g.writeNumber(gov.sequence());
            } else {
                g.writeNumber(Long.toUnsignedString(gov.sequence()));
            }
            g.writeStringField("event_type", gov.stageName());
        }
        g.writeEndObject();
    }

    /**
     * RFC 3339 in UTC with a Z and no fraction, as Go's CloudEvents SDK writes whole seconds:
     * {@link Instant#toString()} gives exactly that for the years Go accepts, 0 to 9999.
     */
    static String rfc3339(long unixSeconds) {
        if (unixSeconds >= FIRST_SECOND && unixSeconds <= LAST_SECOND) {
            return Instant.ofEpochSecond(unixSeconds).toString();
        }
        LocalDateTime t;
        try {
            t = LocalDateTime.ofEpochSecond(unixSeconds, 0, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "timestamp " + unixSeconds
                    + " cannot be written as an RFC 3339 time");
        }
        throw new LifecycleException(Reason.INVALID_INPUT, "timestamp " + unixSeconds
                + " cannot be written in a CloudEvent: year " + t.getYear() + " outside of range [0,9999]");
    }
}
