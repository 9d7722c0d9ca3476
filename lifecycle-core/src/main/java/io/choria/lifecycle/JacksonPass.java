package io.choria.lifecycle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Jackson pass of reading an event: one object's members, in order, into {@link EventFields},
 * and its values as that class keeps them. It reads whatever the plain-JSON fast path
 * ({@link PlainJsonReader}) gives up on: escapes, non-ASCII, floats, nesting, keys in another case.
 */
final class JacksonPass {
    private JacksonPass() {
    }

    /** Reads the object whose START_OBJECT the parser is on, up to and including its END_OBJECT. */
    static EventFields read(JsonParser p, boolean topLevel) throws IOException {
        EventFields f = new EventFields(topLevel);
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            EventField field = EventField.named(name, topLevel);
            boolean exact = field != null;
            if (field == null) {
                field = EventField.folded(name);
            }
            if (field == null) {
                p.skipChildren();
                f.unknownMember();
            } else if (field == EventField.DATA && t == JsonToken.START_OBJECT) {
                f.setDataObject(read(p, false));
            } else {
                Object value = value(p, t);
                if (field == EventField.DATA_BASE64 && value instanceof String s && hasEscapes(p, s)) {
                    f.escapedDataBase64(); // the SDK decodes the raw text, escapes and all
                }
                f.set(field, value, exact);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new EventDecodeException("invalid JSON: expected a field name");
        }
        return f;
    }

    /** The value the parser is on ({@code t}), as this class keeps values; objects and arrays are skipped. */
    static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    && (p.getLongValue() != 0 || p.getText().charAt(0) != '-')
                    ? Long.valueOf(p.getLongValue()) : new JsonNumber(p.getText());
            case VALUE_NUMBER_FLOAT -> new JsonNumber(p.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> container(p, t == JsonToken.START_ARRAY);
        };
    }

    /** Skips the object or array the parser is on, noting its first character inside. */
    private static JsonContainer container(JsonParser p, boolean array) throws IOException {
        JsonToken t = p.nextToken();
        char first = switch (t) {
            case END_OBJECT -> '}';
            case END_ARRAY -> ']';
            case FIELD_NAME, VALUE_STRING -> '"';
            case START_OBJECT -> '{';
            case START_ARRAY -> '[';
            case VALUE_TRUE -> 't';
            case VALUE_FALSE -> 'f';
            case VALUE_NULL -> 'n';
            default -> p.getText().charAt(0);
        };
        for (int depth = 1; ; t = p.nextToken()) {
            depth += t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY ? 1
                    : t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY ? -1 : 0;
            if (depth == 0) {
                return new JsonContainer(array, first);
            }
        }
    }

    /** Whether the string just read was written with escapes: its text is shorter than the bytes it took. */
    private static boolean hasEscapes(JsonParser p, String s) {
        long bytes = p.currentLocation().getByteOffset() - p.currentTokenLocation().getByteOffset() - 2;
        return bytes != s.getBytes(StandardCharsets.UTF_8).length;
    }
}
