package io.choria.lifecycle.internal;

/**
 * A value from the input as an error message quotes it: as it is, as the reference's {@code '%s'}
 * quotes it, except that control characters and line separators are written as JSON writes them
 * ({@code \n}, {@code \u0000}, {@code \u2028}), so hostile input cannot split (or forge) a log
 * line, and it is cut to {@value #MAX_CHARS} characters, so a multi-megabyte field does not become
 * a multi-megabyte line. Shared by the lifecycle decoder and the tally's machine event reader; not API.
 */
public final class QuotedInput {
    /** The longest part of a value quoted. */
    public static final int MAX_CHARS = 200;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private QuotedInput() {
    }

    /** {@code value} with its line-breaking characters escaped, and cut, without surrounding quotes. */
    public static String of(String value) {
        boolean cut = value.length() > MAX_CHARS;
        String shown = cut ? value.substring(0, MAX_CHARS) : value;
        StringBuilder b = null;
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c >= 0x20 && c != 0x7F && c != 0x85 && c != 0x2028 && c != 0x2029) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(shown.length() + 8).append(shown, 0, i);
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xF])
                        .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
            }
        }
        String quoted = b == null ? shown : b.toString();
        return cut ? quoted + "..." : quoted;
    }
}
