package io.choria.lifecycle.cli.option;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations in Go's syntax like {@link DurationConverter}, where 0 makes sense too (a splay of 0: all at once). */
public final class NonNegativeDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = GoDuration.parse(value.trim());
        } catch (LifecycleException e) {
            throw new TypeConversionException(e.getMessage() + ", use e.g. 0, 30s or 5m");
        }
        if (d.isNegative()) {
            throw new TypeConversionException("duration '" + value + "' must not be negative");
        }
        return d;
    }
}
