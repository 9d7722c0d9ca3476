package io.choria.lifecycle;

import java.time.Instant;

/**
 * A CloudEvent's {@code time} as the reference writes it for any int64 timestamp: the SDK formats
 * {@code time.Unix(ts, 0)} with {@code Time.Format(RFC3339Nano)} in UTC, which writes years
 * outside 0..9999 as they are ({@code 10000-01-01T00:00:00Z}) and, for timestamps near the ends of
 * int64, a date that has wrapped around Go's internal seconds ({@code 292277026596-12-04T15:30:07Z}
 * for 2^63-1). {@link Instant} writes the years 0 to 9999 the same way and is used for them; for
 * the rest Go 1.19's own date arithmetic ({@code absDate}, {@code absClock}) is followed, wrap
 * included. The zero time, which the SDK leaves out, is {@link #ZERO_TIME}.
 */
final class GoTime {
    /** The Unix second of Go's zero {@code time.Time}, 0001-01-01T00:00:00Z: {@code SetTime} leaves it out. */
    static final long ZERO_TIME = -62135596800L;
    /** Unix seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: where {@link Instant#toString()} agrees with Go. */
    private static final long FIRST_FOUR_DIGIT_YEAR = -62167219200L;
    private static final long LAST_FOUR_DIGIT_YEAR = 253402300799L;
    private static final long SECONDS_PER_DAY = 86_400;
    /** Go's {@code unixToInternal + internalToAbsolute}: from Unix seconds to seconds since year -292277022399. */
    private static final long UNIX_TO_ABSOLUTE = 62135596800L + 9223371966579724800L;
    private static final long ABSOLUTE_ZERO_YEAR = -292277022399L;
    private static final long DAYS_PER_400_YEARS = 365 * 400 + 97;
    private static final long DAYS_PER_100_YEARS = 365 * 100 + 24;
    private static final long DAYS_PER_4_YEARS = 365 * 4 + 1;
    private static final int[] DAYS_BEFORE = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

    private GoTime() {
    }

    /** {@code unixSeconds} in RFC 3339, UTC, as Go's {@code Format(time.RFC3339Nano)} writes a whole second. */
    static String format(long unixSeconds) {
        if (unixSeconds >= FIRST_FOUR_DIGIT_YEAR && unixSeconds <= LAST_FOUR_DIGIT_YEAR) {
            return Instant.ofEpochSecond(unixSeconds).toString();
        }
        return byGoArithmetic(unixSeconds);
    }

    /** What Go 1.19's {@code absDate} and {@code absClock} make of {@code unixSeconds}, for any value. */
    static String byGoArithmetic(long unixSeconds) {
        long abs = unixSeconds + UNIX_TO_ABSOLUTE; // wraps as Go's int64 arithmetic does, read unsigned below
        long d = Long.divideUnsigned(abs, SECONDS_PER_DAY);
        long n = d / DAYS_PER_400_YEARS;
        long y = 400 * n;
        d -= DAYS_PER_400_YEARS * n;
        n = d / DAYS_PER_100_YEARS;
        n -= n >> 2;
        y += 100 * n;
        d -= DAYS_PER_100_YEARS * n;
        n = d / DAYS_PER_4_YEARS;
        y += 4 * n;
        d -= DAYS_PER_4_YEARS * n;
        n = d / 365;
        n -= n >> 2;
        y += n;
        d -= 365 * n;
        long year = y + ABSOLUTE_ZERO_YEAR;
        int second = (int) Long.remainderUnsigned(abs, SECONDS_PER_DAY);
        StringBuilder b = new StringBuilder(32);
        appendYear(b, year);
        appendMonthAndDay(b, (int) d, isLeap(year));
        b.append('T');
        two(b, second / 3600).append(':');
        two(b, second / 60 % 60).append(':');
        return two(b, second % 60).append('Z').toString();
    }

    /** Go's {@code absDate} from the day of the year (0-based) on. */
    private static void appendMonthAndDay(StringBuilder b, int yday, boolean leap) {
        int day = yday;
        int month;
        if (leap && day == 31 + 29 - 1) {
            b.append("-02-29");
            return;
        }
        if (leap && day > 31 + 29 - 1) {
            day--;
        }
        month = day / 31;
        int end = DAYS_BEFORE[month + 1];
        int begin;
        if (day >= end) {
            month++;
            begin = end;
        } else {
            begin = DAYS_BEFORE[month];
        }
        b.append('-');
        two(b, month + 1).append('-');
        two(b, day - begin + 1);
    }

    /** Go's {@code appendInt(year, 4)}: a minus sign for negative years, zero-padded to four digits. */
    private static void appendYear(StringBuilder b, long year) {
        String digits = Long.toString(Math.abs(year));
        if (year < 0) {
            b.append('-');
        }
        for (int i = digits.length(); i < 4; i++) {
            b.append('0');
        }
        b.append(digits);
    }

    private static boolean isLeap(long year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
