package io.choria.lifecycle.tally;

/** The fleet page's search box: does an identity contain the text, ignoring ASCII case (host names are case-insensitive). */
final class IdentitySearch {
    private IdentitySearch() {
    }

    /** Whether {@code text} occurs in {@code identity}, both UTF-8, comparing ASCII letters without case. */
    static boolean contains(byte[] identity, byte[] text) {
        int last = identity.length - text.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < text.length; j++) {
                if (lower(identity[i + j]) != lower(text[j])) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
