package io.choria.lifecycle;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Makes Jackson escape strings exactly as Go's {@code encoding/json} does, so our bytes equal the
 * reference's: {@code < > &} as the six-character escapes of 003c, 003e, 0026, U+2028 and U+2029
 * escaped, control characters as {@code \n \r \t} or a six-character escape with lower-case hex
 * (Jackson would write upper-case hex and the short forms of backspace and form feed, which the
 * reference, built with Go 1.19, does not: Go writes them from 1.22 on), everything else non-ASCII
 * as raw UTF-8. The CloudEvents envelope is written with {@link JsoniterEscapes} instead.
 */
final class GoJsonEscapes extends CharacterEscapes {
    static final GoJsonEscapes INSTANCE = new GoJsonEscapes();

    private static final SerializableString[] ASCII = new SerializableString[128];
    private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

    private final int[] asciiEscapes;

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII[c] = new SerializedString(String.format("\\u%04x", c));
        }
        ASCII['<'] = new SerializedString("\\u003c");
        ASCII['>'] = new SerializedString("\\u003e");
        ASCII['&'] = new SerializedString("\\u0026");
    }

    private GoJsonEscapes() {
        int[] esc = CharacterEscapes.standardAsciiEscapesForJSON();
        for (int c = 0; c < 0x20; c++) {
            esc[c] = CharacterEscapes.ESCAPE_CUSTOM;
        }
        // Go writes these three with their short forms, as Jackson's standard escapes do.
        esc['\n'] = 'n';
        esc['\r'] = 'r';
        esc['\t'] = 't';
        esc['<'] = CharacterEscapes.ESCAPE_CUSTOM;
        esc['>'] = CharacterEscapes.ESCAPE_CUSTOM;
        esc['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        this.asciiEscapes = esc;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < 128) {
            return ASCII[ch];
        }
        if (ch == 0x2028) {
            return LINE_SEPARATOR;
        }
        if (ch == 0x2029) {
            return PARAGRAPH_SEPARATOR;
        }
        return null;
    }
}
