package io.choria.lifecycle;

import java.nio.charset.StandardCharsets;

/**
 * How the reference's SDK turns a CloudEvent's {@code data} or {@code data_base64} into the bytes
 * it then reads as a lifecycle event ({@code consumeData}, {@code consumeDataAsBytes}): a JSON
 * media type keeps the JSON value, any other takes the value as a string and reads its text, and
 * base64 is decoded. The errors are the SDK's texts without json-iterator's excerpt of the input
 * ({@code , error found in #10 byte of ...|...|...}), which docs/protocol.md lists.
 */
final class CloudEventData {
    /** A JSON document inside the event, to be read as a lifecycle event; {@code within} names it in errors. */
    record Document(byte[] json, String within) {
    }

    /** A {@code data_base64} value with the raw JSON text it was written as, which the SDK decodes. */
    record RawJson(Object value, byte[] raw) {
        @Override
        public String toString() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    private CloudEventData() {
    }

    /**
     * {@code value} as the SDK decodes it for {@code contentType} (null for none): an
     * {@link EventFields} for a JSON object under a JSON media type, a {@link Document} for the
     * text of a string under another, null for anything that holds no lifecycle event. At the end
     * of the reading ({@code afterAll}) an empty media type counts as JSON, on the way it does not.
     */
    static Object decoded(Object value, String contentType, boolean afterAll) {
        String mediaType = mediaType(contentType);
        if (mediaType.equals("application/json") || mediaType.equals("text/json") || afterAll && mediaType.isEmpty()) {
            return value instanceof EventFields ? value : null;
        }
        if (value instanceof String s) {
            return s.isEmpty() ? null : new Document(s.getBytes(StandardCharsets.UTF_8), "data");
        }
        if (value == null) {
            return null; // read as the empty string
        }
        throw new EventDecodeException("unexpected data payload for media type " + GoQuote.of(mediaType)
                + ", expected a string: " + readStringError("ReadString", value));
    }

    /** The decoded base64 as a {@link Document}, or null when it is empty. */
    static Object base64(byte[] text) {
        byte[] json = GoBase64.decode(text);
        return json.length == 0 ? null : new Document(json, "data_base64");
    }

    /**
     * What json-iterator's {@code ReadStringAsSlice} takes from a string value: the raw bytes up to
     * the next quote; null for a value that is not a string.
     */
    static byte[] stringSlice(Object value) {
        if (value instanceof RawJson r) {
            if (r.raw().length == 0 || r.raw()[0] != '"') {
                return null;
            }
            int end = 1;
            while (end < r.raw().length && r.raw()[end] != '"') {
                end++;
            }
            return java.util.Arrays.copyOfRange(r.raw(), 1, end);
        }
        return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    }

    /** The value a {@link RawJson} wraps, or {@code value} itself. */
    static Object unwrapped(Object value) {
        return value instanceof RawJson r ? r.value() : value;
    }

    /**
     * The first character after white space that follows a value's first byte, which is where
     * json-iterator goes on reading once the SDK took that byte alone; null for a one-byte value.
     */
    static Character afterFirstByte(Object value) {
        if (unwrapped(value) instanceof JsonContainer c) {
            return c.firstInside();
        }
        String text = value instanceof RawJson r ? r.toString() : String.valueOf(value);
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return null;
    }

    /**
     * What the SDK base64-decodes of a {@code data_base64} it read before it knew the content
     * type: the member's JSON text without its first and last character (for a string, its raw
     * content). Without the raw text (the first pass only has it for strings without escapes), an
     * object or array is taken as empty or as starting with a quote, which is no base64.
     */
    static byte[] jsonText(Object value) {
        String text;
        if (value instanceof RawJson r) {
            text = r.toString();
        } else if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        } else if (value instanceof JsonContainer c) {
            text = c.firstInside() == '}' || c.firstInside() == ']' ? "{}" : "{\"}";
        } else {
            text = String.valueOf(value); // a number, true, false or null, as written
        }
        if (text.length() < 2) {
            throw new EventDecodeException("illegal base64 data at input byte 0"); // Go: a slice out of range, a panic
        }
        return text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    /** json-iterator's error for a value that is not a string, without its excerpt of the input. */
    static String readStringError(String operation, Object value) {
        return operation + ": expects \" or n, but found " + firstCharacter(value);
    }

    /** The media type of a content type as the SDK takes it: up to a {@code ;}, trimmed then; as it is without one. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return semicolon < 0 ? contentType : GoSpace.trim(contentType.substring(0, semicolon));
    }

    private static char firstCharacter(Object value) {
        if (value == null) {
            return 'n';
        }
        if (value instanceof JsonContainer c) {
            return c.array() ? '[' : '{';
        }
        if (value instanceof EventFields) {
            return '{';
        }
        return String.valueOf(value).charAt(0); // a number, true or false
    }
}
