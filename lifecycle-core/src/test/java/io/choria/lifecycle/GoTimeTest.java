package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A CloudEvent's time is written as the reference's SDK writes it, for every int64 timestamp. */
class GoTimeTest {

    /** What go-choria v0.28.0 with sdk-go v2.15.0 wrote (conformance/go-reference-outputs.json) and Go's edges. */
    @ParameterizedTest
    @CsvSource({
        "1535106973, 2018-08-24T10:36:13Z",
        "0, 1970-01-01T00:00:00Z",
        "-1, 1969-12-31T23:59:59Z",
        "253402300799, 9999-12-31T23:59:59Z",
        "253402300800, 10000-01-01T00:00:00Z",
        "-62135596799, 0001-01-01T00:00:01Z",
        "-62135596801, 0000-12-31T23:59:59Z",
        "-62167219200, 0000-01-01T00:00:00Z",
        "-62167219201, -0001-12-31T23:59:59Z",
        "9223372036854775807, 292277026596-12-04T15:30:07Z",
        "-9223372036854775808, 292277026596-12-04T15:30:08Z",
        "951782400, 2000-02-29T00:00:00Z",
    })
    void writesWhatGoWrites(long unixSeconds, String expected) {
        assertThat(GoTime.format(unixSeconds)).isEqualTo(expected);
    }

    @Test
    void goArithmeticAgreesWithJavaTimeWhereBothApply() {
        Random random = new Random(23);
        for (int i = 0; i < 200_000; i++) {
            // years 0 to 9999, where Instant writes what Go writes, and the leap days and year ends
            long seconds = -62167219200L + (long) (random.nextDouble() * (253402300799L + 62167219200L));
            if (i % 4 == 0) {
                seconds -= seconds % 86_400;
            }
            assertThat(GoTime.byGoArithmetic(seconds)).as("%d", seconds)
                    .isEqualTo(Instant.ofEpochSecond(seconds).toString());
        }
    }

    @Test
    void theZeroTimeIsGosZeroTime() {
        assertThat(GoTime.format(GoTime.ZERO_TIME)).isEqualTo("0001-01-01T00:00:00Z");
    }
}
