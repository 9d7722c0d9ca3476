package io.choria.lifecycle;

import io.choria.lifecycle.LifecycleException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's duration syntax ({@code time.ParseDuration}): a sequence of decimal numbers with
 * optional fractions and units {@code ns us µs ms s m h}, e.g. {@code 90s}, {@code 1h20m},
 * {@code 1.5h}, {@code -2m}; a bare {@code 0} is allowed. Operators already write these for
 * the Go tools, so the flags accept the same.
 */
public final class GoDuration {
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Parses a Go duration.
     *
     * @throws LifecycleException naming the problem, e.g. a missing or unknown unit
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        String s = text;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text, "a number is missing");
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text, "expected a number at '" + s.substring(start) + "'");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw invalid(text, "missing unit after " + number + " (valid units are ns, us, ms, s, m, h)");
            }
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw invalid(text, "unknown unit '" + unit + "' (valid units are ns, us, ms, s, m, h)");
            }
            String plain = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
            total = total.add(new BigDecimal(plain).multiply(BigDecimal.valueOf(nanos)));
        }
        BigInteger nanos = total.toBigInteger();
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw invalid(text, "it is too long");
        }
        Duration d = Duration.ofNanos(nanos.longValueExact());
        return negative ? d.negated() : d;
    }

    /** Formats like Go's {@code Duration.String()}, e.g. {@code 1h20m0s}, {@code 1.5s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        String sign = d.isNegative() ? "-" : "";
        Duration a = d.abs();
        if (a.compareTo(Duration.ofSeconds(1)) < 0) {
            long n = a.toNanos();
            if (n < 1_000) {
                return sign + n + "ns";
            }
            if (n < 1_000_000) {
                return sign + BigDecimal.valueOf(n, 3).stripTrailingZeros().toPlainString() + "\u00b5s";
            }
            return sign + BigDecimal.valueOf(n, 6).stripTrailingZeros().toPlainString() + "ms";
        }
        long h = a.toHours();
        long m = a.toMinutesPart();
        String sec = BigDecimal.valueOf(a.toSecondsPart()).add(BigDecimal.valueOf(a.toNanosPart(), 9))
                .stripTrailingZeros().toPlainString();
        StringBuilder b = new StringBuilder(sign);
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        return b.append(sec).append('s').toString();
    }

    private static LifecycleException invalid(String text, String why) {
        return new LifecycleException(Reason.INVALID_INPUT, "invalid duration '" + text + "': " + why);
    }
}
