package io.choria.lifecycle;

/**
 * A string quoted as Go's {@code strconv.Quote} (and so {@code %q} and {@code %#v}) does, for the
 * reference's error texts that quote input this way: {@code "} and {@code \} escaped, printable
 * characters as they are, the rest as {@code \n}, {@code \x01}, {@code \u200b}, {@code \U0001f600}.
 * Unlike Go it cuts what it quotes to {@value #MAX_CHARS} characters (then {@code ...} after the
 * closing quote), so a hostile value cannot make a multi-megabyte log line.
 */
final class GoQuote {
    static final int MAX_CHARS = 200;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    static String of(String s) {
        boolean cut = s.length() > MAX_CHARS;
        String shown = cut ? s.substring(0, Character.isHighSurrogate(s.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS) : s;
        StringBuilder b = new StringBuilder(shown.length() + 2).append('"');
        for (int i = 0; i < shown.length(); ) {
            int c = shown.codePointAt(i);
            i += Character.charCount(c);
            if (c <= 0xFFFF && Character.isSurrogate((char) c)) {
                c = 0xFFFD; // half a pair: Go's strings cannot hold one, it would be U+FFFD
            }
            append(b, c);
        }
        b.append('"');
        return cut ? b.append("...").toString() : b.toString();
    }

    private static void append(StringBuilder b, int c) {
        switch (c) {
            case '"', '\\' -> b.append('\\').append((char) c);
            case 0x07 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 0x0B -> b.append("\\v");
            default -> {
                if (isPrint(c)) {
                    b.appendCodePoint(c);
                } else if (c < ' ' || c == 0x7F) {
                    b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                } else if (c <= 0xFFFF) {
                    b.append("\\u");
                    hex(b, c, 4);
                } else {
                    b.append("\\U");
                    hex(b, c, 8);
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.CONNECTOR_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static void hex(StringBuilder b, int c, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(c >> shift) & 0xF]);
        }
    }
}
