package io.choria.lifecycle;

import java.math.BigInteger;

/**
 * A JSON number as written in the input, for the numbers a {@code long} does not hold as Go
 * reads them: fractions, exponents, integers beyond 64 bits and {@code -0}, which Go's
 * {@code strconv.ParseUint} refuses although it is zero. Go's decoder converts the literal text
 * ({@code ParseInt}, {@code ParseUint}) and names it in its error ({@code number 1.5}), so the
 * text is what is kept.
 */
record JsonNumber(String text) {
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** The value as Go's {@code strconv.ParseInt(text, 10, 64)} gives it, or null where that fails. */
    Long int64() {
        BigInteger n = integer(true);
        return n != null && n.bitLength() < 64 ? n.longValue() : null;
    }

    /** The value as Go's {@code strconv.ParseUint(text, 10, 64)} gives it (unsigned, in a long), or null. */
    Long uint64() {
        BigInteger n = integer(false);
        return n != null && n.compareTo(MAX_UINT64) <= 0 ? n.longValue() : null;
    }

    /** The decimal integer the text is, with a leading minus only when {@code signed}; null for anything else. */
    private BigInteger integer(boolean signed) {
        int start = signed && text.startsWith("-") ? 1 : 0;
        if (start == text.length()) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return new BigInteger(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
