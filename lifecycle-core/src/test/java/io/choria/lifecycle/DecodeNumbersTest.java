package io.choria.lifecycle;

import static io.choria.lifecycle.DecodeOutcome.refusal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers Go's decoder refuses for int64 timestamps and uint64 sequences, and the extremes it accepts. */
class DecodeNumbersTest {
    private static final String STARTUP = "{\"protocol\":\"io.choria.lifecycle.v1.startup\",\"id\":\"i\","
            + "\"identity\":\"n\",\"component\":\"c\",\"timestamp\":1,\"version\":\"1\"}";

    @Test
    void hugeAndOddNumbers() {
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":1e400"))))
                .contains("cannot unmarshal number 1e400 into Go struct field StartupEvent.timestamp of type int64");
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":18446744073709551616"))))
                .contains("cannot unmarshal number 18446744073709551616 into Go struct field StartupEvent.timestamp of type int64");
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":9223372036854775808"))))
                .contains("StartupEvent.timestamp of type int64");
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":" + "9".repeat(5000))))).isNotBlank();
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":1.5")))).contains("number 1.5");
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":1.0")))).contains("of type int64");
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":1e3")))).contains("of type int64");
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":01")))).isNotBlank();
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":NaN")))).isNotBlank();
        assertThat(refusal(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":+1")))).isNotBlank();
        assertThat(Lifecycle.fromJson(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":-9223372036854775808")))
                .unixTimestamp()).isEqualTo(Long.MIN_VALUE);
        assertThat(Lifecycle.fromJson(bytes(STARTUP.replace("\"timestamp\":1", "\"timestamp\":-1")))
                .unixTimestamp()).isEqualTo(-1);
    }

    @Test
    void governorSequencesAreUnsigned64Bit() {
        String governor = "{\"protocol\":\"io.choria.lifecycle.v1.governor\",\"governor\":\"G\",\"sequence\":%s}";
        assertThat(((GovernorEvent) Lifecycle.fromJson(bytes(governor.formatted("18446744073709551615")))).sequence())
                .isEqualTo(-1L);
        assertThat(((GovernorEvent) Lifecycle.fromJson(bytes(governor.formatted("9223372036854775808")))).sequence())
                .isEqualTo(Long.MIN_VALUE);
        assertThat(refusal(bytes(governor.formatted("18446744073709551616"))))
                .contains("cannot unmarshal number 18446744073709551616 into Go struct field GovernorEvent.sequence of type uint64");
        assertThat(refusal(bytes(governor.formatted("-1"))))
                .contains("cannot unmarshal number -1 into Go struct field GovernorEvent.sequence of type uint64");
        assertThat(refusal(bytes(governor.formatted("1.5")))).contains("GovernorEvent.sequence of type uint64");
        assertThat(refusal(bytes(governor.formatted("1e400")))).contains("GovernorEvent.sequence of type uint64");
        assertThat(refusal(bytes(governor.formatted("\"10\"")))).contains("cannot unmarshal string");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
