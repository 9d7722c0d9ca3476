package io.choria.lifecycle;

import java.io.ByteArrayOutputStream;

/**
 * Bytes that are not UTF-8, read as Go reads them: Go's JSON decoder takes a string with a bad
 * byte and turns each byte that does not start a well-formed sequence into U+FFFD
 * ({@code utf8.DecodeRune}, width 1), where Jackson refuses the whole event. So before the
 * Jackson pass every such byte becomes the three bytes of U+FFFD; valid input (all real events)
 * is returned as it is, after one scan. The rules are Unicode's well-formed sequences, which Go's
 * accept ranges follow: no overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF.
 */
final class GoUtf8 {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private GoUtf8() {
    }

    /** {@code in} with every byte that Go decodes as an invalid rune replaced by U+FFFD; {@code in} when there is none. */
    static byte[] replaceInvalid(byte[] in) {
        int i = 0;
        int width;
        while (i < in.length && (width = sequence(in, i)) > 0) {
            i += width;
        }
        if (i == in.length) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        out.write(in, 0, i);
        while (i < in.length) {
            width = sequence(in, i);
            if (width > 0) {
                out.write(in, i, width);
                i += width;
            } else {
                out.write(REPLACEMENT, 0, REPLACEMENT.length);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** The length of the well-formed UTF-8 sequence at {@code i}, or 0 when its first byte starts none. */
    private static int sequence(byte[] in, int i) {
        int b = in[i] & 0xFF;
        if (b < 0x80) {
            return 1;
        }
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (i + length > in.length) {
            return 0;
        }
        int second = in[i + 1] & 0xFF;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int next = in[i + k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return 0;
            }
        }
        return length;
    }
}
