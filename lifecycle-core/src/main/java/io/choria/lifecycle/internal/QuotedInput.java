package io.choria.lifecycle.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A value from the input as an error message quotes it: with JSON's escapes, so a newline or
 * other control character in hostile input cannot split (or forge) a log line, and cut to
 * {@value #MAX_CHARS} characters, so a multi-megabyte field does not become a multi-megabyte line.
 * Shared by the lifecycle decoder and the tally's machine event reader; not API.
 */
public final class QuotedInput {
    /** The longest part of a value quoted. */
    public static final int MAX_CHARS = 200;

    private QuotedInput() {
    }

    /** {@code value} escaped and cut, without the surrounding quotes. */
    public static String of(String value) {
        boolean cut = value.length() > MAX_CHARS;
        String shown = cut ? value.substring(0, MAX_CHARS) : value;
        return new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + (cut ? "..." : "");
    }
}
