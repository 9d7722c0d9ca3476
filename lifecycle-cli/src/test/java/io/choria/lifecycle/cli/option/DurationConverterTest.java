package io.choria.lifecycle.cli.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsGoDurations() {
        assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void refusesWhatGoRefusesWithOneLine() {
        assertThatThrownBy(() -> converter.convert("2 hours"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("invalid duration '2 hours'")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> converter.convert("1d")).hasMessageContaining("unknown unit 'd'");
        assertThatThrownBy(() -> converter.convert("10")).hasMessageContaining("missing unit");
    }

    @Test
    void refusesZeroAndNegativeDurations() {
        assertThatThrownBy(() -> converter.convert("0")).hasMessageContaining("must be more than zero");
        assertThatThrownBy(() -> converter.convert("-5m")).hasMessageContaining("must be more than zero");
    }

    @Test
    void theNonNegativeConverterTakesZeroAndRefusesBelowIt() {
        NonNegativeDurationConverter splay = new NonNegativeDurationConverter();
        assertThat(splay.convert("0")).isZero();
        assertThat(splay.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> splay.convert("-5m")).isInstanceOf(TypeConversionException.class)
                .hasMessage("duration '-5m' must not be negative");
        assertThatThrownBy(() -> splay.convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("invalid duration 'soon'").hasMessageEndingWith(", use e.g. 0, 30s or 5m");
        assertThatThrownBy(() -> converter.convert("soon")).hasMessageEndingWith(", use e.g. 30s, 30m, 2h or 1h30m");
    }
}
