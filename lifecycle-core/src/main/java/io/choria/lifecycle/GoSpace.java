package io.choria.lifecycle;

/**
 * Go's {@code strings.TrimSpace}, which the CloudEvents SDK applies to an event's id and subject
 * ({@code SetID}, {@code SetSubject}): it removes leading and trailing Unicode white space
 * ({@code unicode.IsSpace}: tab to carriage return, space, U+0085, U+00A0, U+1680, U+2000 to
 * U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). Java's {@code String.strip} differs (it keeps
 * U+00A0 and U+202F and removes U+001C to U+001F), so the set is spelled out.
 */
final class GoSpace {
    private GoSpace() {
    }

    /** {@code s} without its leading and trailing white space; {@code s} itself when it has none. */
    static String trim(String s) {
        int end = s.length();
        if (end == 0 || !isSpace(s.charAt(0)) && !isSpace(s.charAt(end - 1))) {
            return s; // what every real id and identity is: no scan, no copy
        }
        int start = 0;
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isSpace(char c) {
        if (c <= 0xFF) {
            return c == ' ' || c >= '\t' && c <= '\r' || c == 0x85 || c == 0xA0;
        }
        return c == 0x1680 || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }
}
