package io.choria.lifecycle;

import io.choria.lifecycle.testing.GeneratedEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Generated events survive encode → decode → encode unchanged, in both formats. */
class RoundTripTest {
    private static final int EVENTS = 3000;

    @ParameterizedTest
    @EnumSource(value = WireFormat.class, names = {"CHORIA", "CLOUDEVENT_V1"})
    void generatedEventsRoundTrip(WireFormat format) {
        List<LifecycleEvent> events = new GeneratedEvents(20261127L + format.ordinal()).events(EVENTS);
        for (LifecycleEvent event : events) {
            event.setFormat(format);
            byte[] bytes = Lifecycle.toJson(event);

            LifecycleEvent decoded = Lifecycle.fromJson(bytes);

            assertThat(decoded).as("decode(encode(e)) of %s", event.typeName()).isEqualTo(event);
            assertThat(decoded.format()).isEqualTo(format);
            assertThat(decoded.hashCode()).isEqualTo(event.hashCode());
            assertThat(Lifecycle.toJson(decoded)).as("encode(decode(bytes))").isEqualTo(bytes);
            assertThat(WireFormat.detect(bytes)).isEqualTo(format);
        }
    }

    @ParameterizedTest
    @EnumSource(value = WireFormat.class, names = {"CHORIA", "CLOUDEVENT_V1"})
    void generatedEventsAreWrittenTheSameInTheOtherFormatsData(WireFormat format) {
        for (LifecycleEvent event : new GeneratedEvents(7L + format.ordinal()).events(300)) {
            LifecycleEvent fromChoria = Lifecycle.fromJson(Lifecycle.toJson(event, WireFormat.CHORIA));
            LifecycleEvent fromCloud = Lifecycle.fromJson(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1));
            fromCloud.setFormat(WireFormat.CHORIA);
            assertThat(fromCloud).isEqualTo(fromChoria);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 63 | 1L})
    void unsignedSequencesUpToTwoToTheSixtyFourMinusOneSurvive(long sequence) {
        GovernorEvent event = governor(sequence);
        for (WireFormat format : List.of(WireFormat.CHORIA, WireFormat.CLOUDEVENT_V1)) {
            byte[] bytes = Lifecycle.toJson(event, format);
            assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"sequence\":" + Long.toUnsignedString(sequence) + ",");
            GovernorEvent decoded = (GovernorEvent) Lifecycle.fromJson(bytes);
            assertThat(decoded.sequence()).isEqualTo(sequence);
            assertThat(Lifecycle.toJson(decoded, format)).isEqualTo(bytes);
        }
        assertThat(governor(-1L).toString()).isEqualTo("[governor] n1: obtained slot 18446744073709551615 on G");
    }

    /**
     * Times outside the years 0 to 9999 round-trip in Choria format; as CloudEvents they are written
     * as the reference's SDK writes them and, like the reference, refused when read back (its
     * RFC 3339 parser takes four-digit years only).
     */
    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, Long.MAX_VALUE, GeneratedEvents.MIN_CLOUDEVENT_SECONDS - 1,
        GeneratedEvents.MAX_CLOUDEVENT_SECONDS + 1})
    void timesNoCloudEventCanCarryRoundTripInChoriaFormatAndAreRefusedWhenReadAsCloudEvent(long seconds) {
        LifecycleEvent event = Lifecycle.newEvent(EventType.SHUTDOWN, EventOption.component("c"));
        event.setUnixTimestamp(seconds);

        byte[] bytes = Lifecycle.toJson(event);
        assertThat(Lifecycle.fromJson(bytes).unixTimestamp()).isEqualTo(seconds);
        assertThat(Lifecycle.fromJson(bytes).timestamp()).as("clamped to what an Instant holds, never a DateTimeException")
                .isBetween(java.time.Instant.MIN, java.time.Instant.MAX);
        assertThat(Lifecycle.toJson(Lifecycle.fromJson(bytes))).isEqualTo(bytes);
        byte[] cloud = Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1);
        assertThatThrownBy(() -> Lifecycle.fromJson(cloud))
                .isExactlyInstanceOf(EventDecodeException.class)
                .hasMessageStartingWith("cannot convert \"")
                .hasMessageEndingWith("\" to time.Time: not in RFC3339 format");
    }

    private static GovernorEvent governor(long sequence) {
        return (GovernorEvent) Lifecycle.newEvent(EventType.GOVERNOR, EventOption.identity("n1"),
                EventOption.component("c"), EventOption.governorName("G"), EventOption.governorSequence(sequence),
                EventOption.governorStage(GovernorStage.ENTER));
    }
}
