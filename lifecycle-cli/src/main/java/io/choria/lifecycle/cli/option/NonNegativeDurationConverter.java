package io.choria.lifecycle.cli.option;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations in Go's syntax like {@link DurationConverter}, where 0 makes sense too (a splay of 0: all at once). */
public final class NonNegativeDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = DurationConverter.parse(value, "0, 30s or 5m");
        if (d.isNegative()) {
            throw new TypeConversionException("duration '" + value + "' must not be negative");
        }
        return d;
    }
}
