package io.choria.lifecycle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Step 2 of reading an event (docs/protocol.md): the CloudEvents envelope, read as the
 * reference's SDK reads it ({@link CloudEventReading}), must leave a Choria-format event as its
 * data. The first pass reads the envelope's attributes on the way; an envelope with members the
 * SDK takes as extensions, or a {@code data_base64} that is not a plain string (which real Choria
 * events never have), is read again, exactly, by {@link #readExactly}: where an extension stands
 * decides which error comes first, and the SDK decodes {@code data_base64}'s raw JSON text.
 */
final class CloudEventEnvelope {
    private CloudEventEnvelope() {
    }

    /** The Choria-format fields carried by the envelope {@code ce}, read from {@code json} (the bytes of the first pass). */
    static EventFields payload(EventFields ce, byte[] json) {
        CloudEventReading reading = ce.needsExactReading() ? readExactly(GoUtf8.replaceInvalid(json)) : ce.cloudEventReading();
        Object payload = reading.payload();
        if (payload instanceof EventFields data) {
            return choria(data);
        }
        if (payload instanceof CloudEventData.Document document) {
            return choria(EventDecoder.readObject(document.json(), false, document.within()));
        }
        throw notLifecycle();
    }

    /** Every member of the top-level object, in order, through the SDK's rules; the syntax is known to be fine. */
    static CloudEventReading readExactly(byte[] json) {
        CloudEventReading reading = new CloudEventReading();
        try (JsonParser p = EventDecoder.parser(json)) {
            p.nextToken();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                EventField field = EventField.named(name, true);
                if (field == null || field.isChoria() && field != EventField.ID) {
                    boolean container = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
                    reading.extension(name, container ? GoValueText.of(p, t) : JacksonPass.value(p, t));
                } else if (field == EventField.DATA && t == JsonToken.START_OBJECT) {
                    reading.attribute(field, JacksonPass.read(p, false));
                } else if (field == EventField.DATA_BASE64) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    Object value = JacksonPass.value(p, t);
                    int end = (int) p.currentLocation().getByteOffset();
                    reading.attribute(field, new CloudEventData.RawJson(value, Arrays.copyOfRange(json, start, end)));
                } else {
                    reading.attribute(field, JacksonPass.value(p, t));
                }
            }
        } catch (IOException e) {
            throw new EventDecodeException("invalid event: " + e.getMessage(), e);
        }
        return reading;
    }

    private static EventFields choria(EventFields data) {
        if (data.format() != WireFormat.CHORIA) {
            throw notLifecycle();
        }
        return data;
    }

    private static EventDecodeException notLifecycle() {
        return new EventDecodeException("unsupported event format: the CloudEvent's data is not a lifecycle event");
    }
}
