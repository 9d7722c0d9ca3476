package io.choria.lifecycle.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as Go and Choria write them: {@code 30s}, {@code 30m}, {@code 2h}, {@code 1h30m}, {@code 1d}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(v).matches()) {
            throw new TypeConversionException("invalid duration '" + value + "', use e.g. 30s, 30m, 2h or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(v);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new TypeConversionException("duration '" + value + "' is too long");
        }
        return total;
    }
}
