package io.choria.lifecycle;

import io.choria.lifecycle.internal.QuotedInput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A structured CloudEvent read member by member as the reference's SDK reads it (sdk-go v2.15.0,
 * {@code event_unmarshal.go}, over json-iterator): what a member does depends on whether
 * {@code specversion} and {@code datacontenttype} came before it. A second {@code specversion},
 * or a {@code datacontenttype} after {@code specversion} when there was one already, is refused;
 * every other attribute may repeat, the last counting; {@code data} and {@code data_base64} read
 * before the content type is known are kept and decoded at the end, which then wins over one
 * decoded on the way. Extensions (every other member) need a valid name and value
 * ({@link ExtensionAttribute}); before {@code specversion} they are only collected, then checked
 * when it arrives. The first error stops the reading, as it does the SDK's; and like the SDK's
 * loop, which reads member names with json-iterator, reading also stops at a member named
 * {@code ""} and at a value the SDK read only the first byte of (a non-string where it wanted a
 * string), which before {@code specversion} turns any error into {@code specversion: no specversion}.
 */
final class CloudEventReading {
    private static final Object ABSENT = new Object();
    private static final String NO_SPECVERSION = "specversion: no specversion";

    private boolean specVersion;
    private boolean contentTypeSeen;
    private boolean base64;
    /** The {@code datacontenttype} the SDK keeps: null for none (an empty one before specversion is none). */
    private String contentType;
    private Object earlyBase64 = ABSENT;
    private Object cached = ABSENT;
    private Object consumed = ABSENT;
    private Map<String, Object> earlyExtensions;
    private String error;
    private boolean stopped;

    /** One member that is an attribute the SDK knows (or {@code id}); {@code value} as {@link EventFields} keeps values. */
    void attribute(EventField field, Object value) {
        if (error != null || stopped) {
            return;
        }
        switch (field) {
            case SPECVERSION -> specVersion(value);
            case DATACONTENTTYPE -> contentType(value);
            case ID, TYPE, SUBJECT -> readString(value);
            case SOURCE -> source(value);
            case TIME -> time(value);
            case DATASCHEMA -> {
                if (specVersion) {
                    readString(value); // read as a URI then, which never fails; before, kept as any value
                }
            }
            case DATA -> data(value, false);
            case DATA_BASE64 -> data(value, true);
            default -> throw new IllegalStateException("not an attribute: " + field);
        }
    }

    /** A member the SDK takes as an extension attribute. */
    void extension(String name, Object value) {
        if (error != null || stopped) {
            return;
        }
        if (name.isEmpty()) {
            stop(); // json-iterator's ReadObject gives "" for it, which ends the SDK's loop
        } else if (specVersion) {
            error = ExtensionAttribute.problem(name, value);
        } else {
            if (earlyExtensions == null) {
                earlyExtensions = new LinkedHashMap<>();
            }
            earlyExtensions.put(name, value); // the last of a name counts; checked when specversion comes
        }
    }

    /**
     * What the SDK leaves as the event's data: an {@link EventFields} (a JSON object), a
     * {@link CloudEventData.Document} to read (decoded base64, or a string's text for a media type
     * that is not JSON), or null when there is no lifecycle event in it.
     *
     * @throws EventDecodeException with the SDK's error, the first one met
     */
    Object payload() {
        if (error != null) {
            throw new EventDecodeException(error);
        }
        if (!specVersion) {
            throw new EventDecodeException(NO_SPECVERSION); // the reading stopped before it
        }
        if (cached != ABSENT) {
            return base64 ? CloudEventData.base64(CloudEventData.jsonText(cached))
                    : CloudEventData.decoded(cached, contentType, true);
        }
        return consumed == ABSENT ? null : consumed;
    }

    private void specVersion(Object value) {
        if (specVersion) {
            error = "specversion was already provided";
            return;
        }
        specVersion = true; // detection made sure the first one is "1.0"
        if (earlyBase64 != ABSENT) {
            cached = earlyBase64;
            base64 = true;
        }
        if (earlyExtensions != null) {
            for (Map.Entry<String, Object> e : earlyExtensions.entrySet()) {
                if ((error = ExtensionAttribute.problem(e.getKey(), e.getValue())) != null) {
                    return;
                }
            }
        }
    }

    private void contentType(Object value) {
        if (specVersion && contentTypeSeen) {
            error = "datacontenttype was already provided";
            return;
        }
        String s = readString(value);
        contentTypeSeen = true;
        if (s != null) {
            contentType = specVersion || !s.isEmpty() ? s : null;
        }
    }

    private void source(Object value) {
        String s = readString(value);
        if (s == null || s.isEmpty() || !GoUrl.parses(s)) {
            error = "cannot parse uri ref: " + QuotedInput.of(s == null ? "" : s); // replaces ReadString's error
        }
    }

    private void time(Object value) {
        String s = readString(value);
        if (s != null && !s.isEmpty() && !Rfc3339.isValid(s)) {
            error = "cannot convert " + GoQuote.of(s) + " to time.Time: not in RFC3339 format";
        }
    }

    private void data(Object value, boolean isBase64) {
        if (!specVersion) {
            if (isBase64) {
                earlyBase64 = value;
            } else {
                cached = value;
            }
        } else if (!contentTypeSeen) {
            cached = value;
            base64 |= isBase64;
        } else if (isBase64) {
            consumed = consumedBase64(value);
        } else {
            try {
                consumed = CloudEventData.decoded(CloudEventData.unwrapped(value), contentType, false);
            } catch (EventDecodeException e) {
                error = e.getMessage();
                stop(); // json-iterator read only the first byte of the value
            }
        }
    }

    /**
     * The SDK's {@code consumeData(..., true)}: a string is decoded; for anything else json-iterator
     * records an error that the SDK then overwrites with the decoder's nil, leaving no data, and
     * the loop trips over what follows the first byte (nothing for a one-digit number).
     */
    private Object consumedBase64(Object value) {
        if (CloudEventData.unwrapped(value) instanceof String || value instanceof CloudEventData.RawJson) {
            byte[] slice = CloudEventData.stringSlice(value);
            if (slice != null) {
                try {
                    return CloudEventData.base64(slice);
                } catch (EventDecodeException e) {
                    error = e.getMessage();
                    return null;
                }
            }
        }
        Character next = CloudEventData.afterFirstByte(value);
        if (next != null) {
            error = next == '}' ? null : "ReadObject: expect { or , or } or n, but found " + next;
            stop();
        }
        return null;
    }

    /** The value as json-iterator's {@code ReadString} reads it ("" for null), or null after recording its error. */
    private String readString(Object value) {
        Object v = CloudEventData.unwrapped(value);
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        error = CloudEventData.readStringError("ReadString", v);
        if (!(v instanceof Long l && l >= 0 && l <= 9)) {
            stop(); // it read the first byte only, and its next read fails on the second
        }
        return null;
    }

    /** The SDK's loop ends here: before specversion, that makes the result its "no specversion" error. */
    private void stop() {
        stopped = true;
        if (!specVersion) {
            error = NO_SPECVERSION;
        }
    }

    /** For tests that compare the two readers: the state, in one line. */
    @Override
    public String toString() {
        return "spec=" + specVersion + " ct=" + contentTypeSeen + ":" + contentType + " b64=" + base64
                + " early=" + describe(earlyBase64) + " cached=" + describe(cached) + " consumed=" + describe(consumed)
                + " ext=" + earlyExtensions + " error=" + error + " stopped=" + stopped;
    }

    private static String describe(Object v) {
        return v == ABSENT ? "-" : v instanceof CloudEventData.Document d
                ? new String(d.json(), java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(v);
    }
}
