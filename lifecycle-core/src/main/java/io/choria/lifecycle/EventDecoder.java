package io.choria.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Reads events in both formats in one streaming pass over the bytes (docs/protocol.md,
 * "Reading an event"): {@link EventFields} collects the values, {@link CloudEventEnvelope} unwraps
 * a CloudEvent and {@link EventFromFields} makes the event. Every failure, whatever the input, is an
 * {@link EventDecodeException}.
 */
final class EventDecoder {
    /** Lifecycle events are small and flat; these bounds keep hostile input cheap to refuse. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .maxStringLength(16 * 1024 * 1024)
                    .build())
            .build();

    private EventDecoder() {
    }

    static LifecycleEvent decode(byte[] json) {
        if (json == null) {
            throw new EventDecodeException("unsupported event format: no data");
        }
        try {
            EventFields plain = PlainJsonReader.read(json);
            EventFields top = plain != null ? plain : readObject(json, true, null);
            return switch (top.format()) {
                case CHORIA -> EventFromFields.make(top, WireFormat.CHORIA);
                case CLOUDEVENT_V1 -> EventFromFields.make(CloudEventEnvelope.payload(top), WireFormat.CLOUDEVENT_V1);
                case UNKNOWN -> throw new EventDecodeException("unsupported event format");
            };
        } catch (EventDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventDecodeException("invalid event: " + e, e);
        }
    }

    /**
     * Reads {@code bytes} holding exactly one JSON object: the whole message ({@code within} null)
     * or the decoded {@code data_base64} of a CloudEvent ({@code within} names it in errors).
     */
    static EventFields readObject(byte[] bytes, boolean topLevel, String within) {
        String invalid = within == null ? "invalid JSON: " : "invalid JSON in " + within + ": ";
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // The reference's detection finds no protocol in anything but an object.
                throw new EventDecodeException("unsupported event format: " + (within != null
                        ? "the CloudEvent's data is not a JSON object"
                        : first == null ? "no JSON value" : "the JSON value is not an object"));
            }
            EventFields fields = EventFields.read(p, topLevel);
            if (p.nextToken() != null) {
                throw new EventDecodeException(invalid + "unexpected data after the "
                        + (within == null ? "top-level object" : "object"));
            }
            return fields;
        } catch (JsonProcessingException e) {
            throw new EventDecodeException(invalid + describe(e), e);
        } catch (IOException e) {
            throw new EventDecodeException("invalid " + (within == null ? "event" : within) + ": " + e.getMessage(), e);
        }
    }

    /** One line: Jackson's message without its source excerpt, and where in the input it failed. */
    private static String describe(JsonProcessingException e) {
        String msg = String.valueOf(e.getOriginalMessage())
                .replaceAll("\\s+", " ")
                .replaceAll(" ?\\(start marker at \\[Source: [^]]*]\\)", "");
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        JsonLocation at = e.getLocation();
        return at == null ? msg : msg + " at line " + at.getLineNr() + " column " + at.getColumnNr();
    }

    /** The reference's detection: never throws; malformed input yields what was seen before the fault. */
    static WireFormat detect(byte[] json) {
        if (json == null) {
            return WireFormat.UNKNOWN;
        }
        EventFields seen = new EventFields();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return WireFormat.UNKNOWN;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                Object value = t == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
                // only the members format detection reads: gjson, which the reference uses for it,
                // takes the first occurrence of a key (EventField.Occurrence)
                EventField field = EventField.named(name, true);
                if (field != null && field.firstOccurrenceWins()) {
                    seen.set(field, value);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through with what was seen so far, as gjson does with broken JSON
        }
        return seen.format();
    }
}
