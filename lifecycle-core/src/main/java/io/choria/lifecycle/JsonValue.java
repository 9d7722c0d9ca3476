package io.choria.lifecycle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A JSON value of a kind a lifecycle field cannot hold, kept so the error names what was found,
 * as Go's {@code json: cannot unmarshal <what> into ...} does.
 */
record JsonValue(String description) {

    /**
     * Reads the current value: a {@link String}, a {@link Long} or {@link BigInteger} for integers,
     * null for JSON null, otherwise a {@code JsonValue} describing it (children skipped).
     */
    static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue() : Long.valueOf(p.getLongValue());
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_FLOAT:
                return new JsonValue("number " + p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new JsonValue("bool");
            case START_OBJECT:
                p.skipChildren();
                return new JsonValue("object");
            case START_ARRAY:
                p.skipChildren();
                return new JsonValue("array");
            default:
                return new JsonValue(String.valueOf(t));
        }
    }

    /** How Go names a value that is not a JSON string. */
    static String describe(Object value) {
        if (value instanceof JsonValue v) {
            return v.description;
        }
        if (value instanceof String) {
            return "string";
        }
        return "number " + value;
    }
}
