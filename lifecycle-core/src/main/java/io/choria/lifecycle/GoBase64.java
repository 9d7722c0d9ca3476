package io.choria.lifecycle;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Decodes {@code data_base64} as Go's {@code base64.StdEncoding.Decode} does, which the
 * CloudEvents SDK uses: the standard alphabet, padding required, {@code \r} and {@code \n}
 * skipped anywhere, and on bad input the error {@code illegal base64 data at input byte N} with
 * Go's N. {@link java.util.Base64} differs on all three (padding optional, no newlines, its own
 * messages), so the reference's loop ({@code decodeQuantum}) is followed here.
 */
final class GoBase64 {
    private static final byte[] DECODE = new byte[256];

    static {
        Arrays.fill(DECODE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
    }

    private GoBase64() {
    }

    /** The decoded bytes of {@code src}. */
    static byte[] decode(byte[] src) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
        int si = 0;
        while (true) {
            int[] quantum = new int[4];
            int length = 4;
            int j = 0;
            for (; j < 4; j++) {
                if (si == src.length) {
                    if (j == 0) {
                        return out.toByteArray();
                    }
                    throw corrupt(si - j); // Go: j == 1, or padding is required
                }
                int in = src[si++] & 0xFF;
                if (DECODE[in] >= 0) {
                    quantum[j] = DECODE[in];
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    j--;
                    continue;
                }
                if (in != '=' || j < 2) {
                    throw corrupt(si - 1);
                }
                si = afterPadding(src, si, j);
                length = j;
                break;
            }
            int value = quantum[0] << 18 | quantum[1] << 12 | quantum[2] << 6 | quantum[3];
            out.write(value >> 16);
            if (length > 2) {
                out.write(value >> 8 & 0xFF);
            }
            if (length > 3) {
                out.write(value & 0xFF);
            }
            if (length < 4) {
                return out.toByteArray();
            }
        }
    }

    /** Checks what follows the first '=' of a quantum with {@code j} symbols; the index after it all. */
    private static int afterPadding(byte[] src, int si, int j) {
        if (j == 2) { // "==" expected, the first one read
            si = skipNewlines(src, si);
            if (si == src.length) {
                throw corrupt(src.length);
            }
            if (src[si] != '=') {
                throw corrupt(si - 1);
            }
            si++;
        }
        si = skipNewlines(src, si);
        if (si < src.length) {
            throw corrupt(si); // trailing garbage
        }
        return si;
    }

    private static int skipNewlines(byte[] src, int si) {
        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
            si++;
        }
        return si;
    }

    private static EventDecodeException corrupt(int at) {
        return new EventDecodeException("illegal base64 data at input byte " + at);
    }
}
