package io.choria.lifecycle.cli.option;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads positive durations in Go's syntax ({@code 30s}, {@code 2h}, {@code 1h30m}, {@code 1.5h}),
 * the one parser every flag of this CLI uses, so {@code view --since} and {@code tally
 * --expire-after} accept the same words as the Go tools.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = parse(value, "30s, 30m, 2h or 1h30m");
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("duration '" + value + "' must be more than zero");
        }
        return d;
    }

    /** Go's syntax, or a conversion error that ends with {@code examples} of what is accepted. */
    static Duration parse(String value, String examples) {
        try {
            return GoDuration.parse(value.trim());
        } catch (LifecycleException e) {
            throw new TypeConversionException(e.getMessage() + ", use e.g. " + examples);
        }
    }
}
