package io.choria.lifecycle;

import io.choria.lifecycle.LifecycleException.Reason;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Writes events in both wire formats, byte for byte what the reference writes. */
final class EventEncoder {
    static final String CLOUDEVENT_SOURCE = "io.choria.lifecycle";
    static final String CLOUDEVENT_SPEC_VERSION = "1.0";
    static final String CLOUDEVENT_CONTENT_TYPE = "application/json";

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
        ByteArrayOutputStream out = new ByteArrayOutputStream(format == WireFormat.CHORIA ? 256 : 640);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            if (format == WireFormat.CHORIA) {
                writeChoria(g, event);
            } else {
                writeCloudEvent(g, event);
            }
        } catch (IOException | RuntimeException e) {
            // Unreachable for events made through the setters, which replace lone surrogates.
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot encode event: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The envelope the reference's {@code ToCloudEventV1} makes, with the Choria object as
     * {@code data}, in the SDK's member order. The SDK trims the id and the subject ({@code SetID},
     * {@code SetSubject}: Unicode white space), leaves out an empty subject and the zero time, and
     * writes the attributes with json-iterator's escaping; {@code data} keeps encoding/json's.
     */
    static void writeCloudEvent(JsonGenerator g, LifecycleEvent e) throws IOException {
        g.setCharacterEscapes(JsoniterEscapes.INSTANCE);
        g.writeStartObject();
        g.writeStringField("specversion", CLOUDEVENT_SPEC_VERSION);
        g.writeStringField("id", GoSpace.trim(e.id()));
        g.writeStringField("source", CLOUDEVENT_SOURCE);
        g.writeStringField("type", e.protocol());
        String subject = GoSpace.trim(e.identity());
        if (!subject.isEmpty()) {
            g.writeStringField("subject", subject);
        }
        g.writeStringField("datacontenttype", CLOUDEVENT_CONTENT_TYPE);
        if (e.unixTimestamp() != GoTime.ZERO_TIME) {
            g.writeStringField("time", GoTime.format(e.unixTimestamp()));
        }
        g.writeFieldName("data");
        g.setCharacterEscapes(GoJsonEscapes.INSTANCE);
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
}
