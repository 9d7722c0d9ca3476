package io.choria.lifecycle;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

/**
 * Makes Jackson escape strings as json-iterator's {@code ConfigFastest} does, which the
 * CloudEvents SDK writes the envelope with ({@code WriteJson}): {@code "} and {@code \}, the
 * short forms of newline, carriage return and tab, the other control characters as six-character
 * escapes with lower-case hex, and everything else as it is: unlike Go's {@code encoding/json}
 * ({@link GoJsonEscapes}, the {@code data} object's), it escapes neither {@code < > &} nor U+2028
 * and U+2029. The encoder switches to these for the envelope's attributes only.
 */
final class JsoniterEscapes extends CharacterEscapes {
    static final JsoniterEscapes INSTANCE = new JsoniterEscapes();

    private final int[] asciiEscapes;

    private JsoniterEscapes() {
        int[] esc = GoJsonEscapes.INSTANCE.getEscapeCodesForAscii().clone();
        esc['<'] = CharacterEscapes.ESCAPE_NONE;
        esc['>'] = CharacterEscapes.ESCAPE_NONE;
        esc['&'] = CharacterEscapes.ESCAPE_NONE;
        this.asciiEscapes = esc;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch < 0x20 ? GoJsonEscapes.INSTANCE.getEscapeSequence(ch) : null;
    }
}
