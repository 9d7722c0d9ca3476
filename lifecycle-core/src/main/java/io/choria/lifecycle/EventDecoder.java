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
                case CLOUDEVENT_V1 -> EventFromFields.make(CloudEventEnvelope.payload(top, json), WireFormat.CLOUDEVENT_V1);
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
     * or a JSON document inside a CloudEvent ({@code within} names it in errors). Bytes that are
     * not UTF-8 are read as Go reads them, each as U+FFFD ({@link GoUtf8}); a byte-order mark is
     * refused, as Go's decoder does (Jackson would skip it). Broken JSON in which format detection
     * finds no lifecycle event is an {@code unsupported event format}, as the reference, which
     * detects first, says; with one, the JSON error.
     */
    static EventFields readObject(byte[] bytes, boolean topLevel, String within) {
        String invalid = within == null ? "invalid JSON: " : "invalid JSON in " + within + ": ";
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            throw new EventDecodeException(invalid + "a byte-order mark (U+FEFF) before the value");
        }
        if (bytes.length > 0 && bytes[0] == 0 || bytes.length > 1 && bytes[1] == 0) {
            // a NUL is never valid JSON; here it would make Jackson read the bytes as UTF-16 or UTF-32
            throw new EventDecodeException(invalid + "a NUL byte at offset " + (bytes[0] == 0 ? 0 : 1));
        }
        try (JsonParser p = parser(GoUtf8.replaceInvalid(bytes))) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // The reference's detection finds no protocol in anything but an object.
                throw new EventDecodeException("unsupported event format: " + (within != null
                        ? "the CloudEvent's data is not a JSON object"
                        : first == null ? "no JSON value" : "the JSON value is not an object"));
            }
            EventFields fields = JacksonPass.read(p, topLevel);
            if (p.nextToken() != null) {
                throw new EventDecodeException(invalid + "unexpected data after the "
                        + (within == null ? "top-level object" : "object"));
            }
            return fields;
        } catch (JsonProcessingException e) {
            // as the reference: its format detection, which reads broken JSON, comes first
            String reason = invalid + describe(e);
            throw new EventDecodeException(detect(bytes) == WireFormat.UNKNOWN ? "unsupported event format: " + reason : reason, e);
        } catch (IOException e) {
            throw new EventDecodeException("invalid " + (within == null ? "event" : within) + ": " + e.getMessage(), e);
        }
    }

    /** A parser over UTF-8 bytes with this decoder's bounds. */
    static JsonParser parser(byte[] utf8) throws IOException {
        return JSON.createParser(utf8);
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
        EventFields seen = new EventFields(false);
        try (JsonParser p = parser(GoUtf8.replaceInvalid(json))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return WireFormat.UNKNOWN;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                Object value = t == JsonToken.VALUE_STRING ? p.getText() : t == JsonToken.VALUE_NULL ? null : Boolean.FALSE;
                p.skipChildren();
                // only the members format detection reads, the first of each as gjson, which the reference uses
                EventField field = EventField.named(name, true);
                if (field == EventField.PROTOCOL || field == EventField.SPECVERSION || field == EventField.SOURCE) {
                    seen.detected(field, value);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through with what was seen so far, as gjson does with broken JSON
        }
        return seen.format();
    }
}
