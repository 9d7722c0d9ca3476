package io.choria.lifecycle.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A field's value as the event readers keep it before they know which kind the field must hold:
 * a {@link String}, a {@link Long} or {@link BigInteger} for integers, null for JSON null, or a
 * {@link WrongKind} naming what else was found, so that errors say what they found as Go's
 * {@code json: cannot unmarshal <what> into ...} does. Shared by the lifecycle decoder and the
 * tally's machine event reader; not API.
 */
public final class FieldValue {
    private FieldValue() {
    }

    /** A value of a kind no lifecycle or machine event field holds: an object, array, boolean or fraction. */
    public record WrongKind(String description) {
    }

    /** Reads the value the parser is on ({@code t}), skipping the children of objects and arrays. */
    public static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue() : Long.valueOf(p.getLongValue());
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_FLOAT:
                return new WrongKind("number " + p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new WrongKind("bool");
            case START_OBJECT:
                p.skipChildren();
                return new WrongKind("object");
            case START_ARRAY:
                p.skipChildren();
                return new WrongKind("array");
            default:
                return new WrongKind(String.valueOf(t));
        }
    }

    /** How Go names a value that is not a JSON string. */
    public static String describe(Object value) {
        if (value instanceof WrongKind w) {
            return w.description();
        }
        if (value instanceof String) {
            return "string";
        }
        return "number " + value;
    }
}
