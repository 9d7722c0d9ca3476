package io.choria.lifecycle;

import io.choria.lifecycle.internal.QuotedInput;
import io.choria.lifecycle.internal.FieldValue;
import java.util.Base64;

/**
 * Step 2 of reading an event (docs/protocol.md): the CloudEvents envelope's attributes are
 * checked, then its {@code data} (or {@code data_base64}) must hold a Choria-format event.
 */
final class CloudEventEnvelope {
    private CloudEventEnvelope() {
    }

    /** The Choria-format fields carried by the envelope {@code ce}. */
    static EventFields payload(EventFields ce) {
        requireString("id", ce.id);
        requireString("type", ce.ceType);
        requireString("subject", ce.subject);
        requireString("datacontenttype", ce.dataContentType);
        if (requireString("time", ce.time) instanceof String t && !Rfc3339.isValid(t)) {
            throw new EventDecodeException("invalid CloudEvent: time '" + QuotedInput.of(t) + "' is not an RFC 3339 time");
        }
        if (ce.data != null) {
            return choria(ce.data);
        }
        if (ce.dataOther == null && ce.dataBase64 instanceof String b64) {
            return choria(base64Data(b64));
        }
        if (ce.dataOther == null && ce.dataBase64 != null) {
            throw new EventDecodeException("invalid CloudEvent: data_base64 must be a string, found "
                    + FieldValue.describe(ce.dataBase64));
        }
        throw notLifecycle();
    }

    private static EventFields choria(EventFields data) {
        if (data.format() != WireFormat.CHORIA) {
            throw notLifecycle();
        }
        return data;
    }

    private static EventFields base64Data(String b64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new EventDecodeException("invalid CloudEvent: data_base64 is not base64: " + e.getMessage());
        }
        return EventDecoder.readObject(bytes, false, "data_base64");
    }

    private static EventDecodeException notLifecycle() {
        return new EventDecodeException("unsupported event format: the CloudEvent's data is not a lifecycle event");
    }

    private static Object requireString(String attribute, Object value) {
        if (value != null && !(value instanceof String)) {
            throw new EventDecodeException("invalid CloudEvent: attribute " + attribute + " must be a string, found "
                    + FieldValue.describe(value));
        }
        return value;
    }
}
