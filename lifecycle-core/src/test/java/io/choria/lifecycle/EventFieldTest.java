package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The field table both readers consult: the two lookups agree and the rules sit where the reference puts them. */
class EventFieldTest {

    @Test
    void bothLookupsFindEveryFieldWhereItIsRead() {
        for (EventField f : EventField.all()) {
            byte[] padded = ("{\"" + f.jsonName() + "\":").getBytes(StandardCharsets.US_ASCII);
            int from = 2;
            int length = f.jsonName().length();
            boolean envelope = !f.matchesAnyCase() && f != EventField.PROTOCOL;

            assertThat(EventField.named(f.jsonName(), true)).as(f.jsonName()).isSameAs(f);
            assertThat(EventField.named(padded, from, length, true)).as(f.jsonName()).isSameAs(f);
            assertThat(EventField.named(f.jsonName(), false)).as(f.jsonName()).isSameAs(envelope ? null : f);
            assertThat(EventField.named(padded, from, length, false)).as(f.jsonName()).isSameAs(envelope ? null : f);
        }
    }

    @Test
    void namesThatAreNotExactlyOursAreNotFound() {
        for (String name : new String[] {"", "i", "ids", "Identity", "PROTOCOL", "datacontenttypes", "event-type",
                "data_base6", "x".repeat(100)}) {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            assertThat(EventField.named(name, true)).as(name).isNull();
            assertThat(EventField.named(bytes, 0, bytes.length, true)).as(name).isNull();
        }
    }

    @Test
    void theFirstOccurrenceCountsForWhatFormatDetectionReads() {
        assertThat(Arrays.stream(EventField.all()).filter(EventField::firstOccurrenceWins))
                .containsExactlyInAnyOrder(EventField.PROTOCOL, EventField.SPECVERSION, EventField.SOURCE);
    }

    @Test
    void theChoriaFieldsButTheProtocolMatchInAnyCase() {
        assertThat(Arrays.stream(EventField.all()).filter(EventField::matchesAnyCase))
                .containsExactlyInAnyOrder(EventField.ID, EventField.IDENTITY, EventField.COMPONENT,
                        EventField.TIMESTAMP, EventField.VERSION, EventField.NEW_VERSION, EventField.GOVERNOR,
                        EventField.SEQUENCE, EventField.EVENT_TYPE);
    }

    @Test
    void aRepeatedFieldKeepsTheTablesRule() {
        EventFields f = new EventFields();
        f.set(EventField.PROTOCOL, "first");
        f.set(EventField.PROTOCOL, "second");
        f.set(EventField.IDENTITY, "first");
        f.set(EventField.IDENTITY, "second");
        f.set(EventField.SOURCE, null);
        f.set(EventField.SOURCE, "second");
        assertThat(f.protocol).isEqualTo("first");
        assertThat(f.identity).isEqualTo("second");
        assertThat(f.source).as("a JSON null is an occurrence too").isNull();
    }

    @Test
    void aDataValueReplacesAnObjectAndTheOtherWayRound() {
        EventFields f = new EventFields();
        f.setData(new EventFields());
        f.set(EventField.DATA, "text");
        assertThat(f.data).isNull();
        assertThat(f.dataOther).isEqualTo("text");
        EventFields object = new EventFields();
        f.setData(object);
        assertThat(f.data).isSameAs(object);
        assertThat(f.dataOther).isNull();
    }
}
