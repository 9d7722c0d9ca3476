package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CloudEvent times are checked as Go 1.19's time.Parse(time.RFC3339Nano, ...), the reference's, reads them. */
class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = {"2018-08-24T10:36:13Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2018-08-24T10:36:13.1Z", "2018-08-24T10:36:13.123456789Z", "2018-08-24T10:36:13,5Z",
        "2018-08-24T10:36:13+02:00", "2018-08-24T10:36:13.5-23:59", "2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
        // Go 1.19's quirks: a one-digit hour, offsets read with atoi and not range-checked
        "2018-08-24T1:36:13Z", "2018-08-24T10:36:13+24:00", "2018-08-24T10:36:13+02:60", "2018-08-24T10:36:13+99:99",
        "2018-08-24T10:36:13+-1:00", "2018-08-24T10:36:13-+1:+5"})
    void acceptsWhatGoAccepts(String time) {
        assertThat(Rfc3339.isValid(time)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2018-08-24", "2018-08-24T10:36Z", "2018-08-24t10:36:13Z",
        "2018-08-24T10:36:13z", "2018-08-24 10:36:13Z", "2018-08-24T10:36:13", "2018-08-24T10:36:13+0200",
        "2018-08-24T10:36:13+02:00:00", "2018-08-24T10:36:13.Z", "2018-08-24T10:36:13.x", "2018-13-24T10:36:13Z",
        "2018-00-24T10:36:13Z", "2018-08-00T10:36:13Z", "2018-08-32T10:36:13Z", "2018-04-31T10:36:13Z",
        "2023-02-29T10:36:13Z", "1900-02-29T00:00:00Z", "2018-08-24T24:00:00Z", "2018-08-24T10:60:13Z",
        "2018-08-24T10:36:60Z", "2018-08-24T10:36:13+2a:00", "2018-08-24T10:36:13+02:6", "+2018-08-24T10:36:13Z",
        "20180-08-24T10:36:13Z", "2018-8-24T10:36:13Z", "2018-08-24T10:36:13ZZ", "2018-08-24T10:36:1aZ",
        "-018-08-24T10:36:13Z", "2018-08-24T10:36:13*02:00", "2018-08-24T10:36:13+02-00",
        // Go 1.19 reads at most nine digits of a fraction (1.20 and later ignore the rest)
        "2018-08-24T10:36:13.1234567891Z", "2018-08-24T10:36:13.1234567891234Z", "2018-08-24T:36:13Z",
        "2018-08-24T123:36:13Z", "10000-01-01T00:00:00Z", "2018-08-24T10:36:13+02:00 "})
    void refusesWhatGoRefuses(String time) {
        assertThat(Rfc3339.isValid(time)).isFalse();
    }
}
