package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "80m, PT1H20M", "90s, PT1M30S", "1h20m, PT1H20M", "1.5h, PT1H30M", "0, PT0S", "300ms, PT0.3S",
        "1h2m3s4ms5us6ns, PT1H2M3.004005006S", "-2m, PT-2M", "+5s, PT5S", ".5s, PT0.5S", "2.s, PT2S", "10µs, PT0.00001S"
    })
    void parsesGoDurations(String text, String iso) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''| it is empty", "10| missing unit", "5x| unknown unit 'x'", "1h 20m| unknown unit 'h '",
        "h| expected a number", "1..5s| expected a number", "-| a number is missing", "9999999999h| too long"
    })
    void explainsWhatIsWrong(String text, String why) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(LifecycleException.class)
                .hasMessageStartingWith("invalid duration '" + text + "'").hasMessageContaining(why);
    }

    @ParameterizedTest
    @CsvSource({"PT1H20M, 1h20m0s", "PT1.5S, 1.5s", "PT0.25S, 250ms", "PT0S, 0s", "PT30S, 30s", "PT2M, 2m0s"})
    void formatsLikeGo(String iso, String go) {
        assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(go);
    }
}
