package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The field table both readers consult: the two lookups agree, and repeats follow encoding/json's rules. */
class EventFieldTest {

    @Test
    void bothLookupsFindEveryFieldWhereItIsRead() {
        for (EventField f : EventField.all()) {
            byte[] padded = ("{\"" + f.jsonName() + "\":").getBytes(StandardCharsets.US_ASCII);
            int from = 2;
            int length = f.jsonName().length();

            assertThat(EventField.named(f.jsonName(), true)).as(f.jsonName()).isSameAs(f);
            assertThat(EventField.named(padded, from, length, true)).as(f.jsonName()).isSameAs(f);
            assertThat(EventField.named(f.jsonName(), false)).as(f.jsonName()).isSameAs(f.isChoria() ? f : null);
            assertThat(EventField.named(padded, from, length, false)).as(f.jsonName()).isSameAs(f.isChoria() ? f : null);
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
    void theChoriaFieldsFoldAsGoMatchesStructFieldsAndTheEnvelopeDoesNot() {
        assertThat(EventField.folded("PROTOCOL")).isSameAs(EventField.PROTOCOL);
        assertThat(EventField.folded("Identity")).isSameAs(EventField.IDENTITY);
        assertThat(EventField.folded("NEW_VERSION")).isSameAs(EventField.NEW_VERSION);
        assertThat(EventField.folded("ver\u017fion")).as("U+017F long s folds to s").isSameAs(EventField.VERSION);
        assertThat(EventField.folded("\u017fequence")).isSameAs(EventField.SEQUENCE);
        assertThat(EventField.folded("\u017fource")).as("the envelope is matched exactly").isNull();
        assertThat(EventField.folded("SpecVersion")).isNull();
        assertThat(EventField.folded("identit\u00fd")).as("no other non-ASCII letter folds").isNull();
        assertThat(EventField.folded("new-version")).as("non-letters only as they are").isNull();
        assertThat(EventField.folded("vers1on")).isNull();
        assertThat(Arrays.stream(EventField.all()).filter(EventField::isChoria))
                .containsExactly(EventField.PROTOCOL, EventField.ID, EventField.IDENTITY, EventField.COMPONENT,
                        EventField.TIMESTAMP, EventField.VERSION, EventField.NEW_VERSION, EventField.GOVERNOR,
                        EventField.SEQUENCE, EventField.EVENT_TYPE);
    }

    @Test
    void theLastNonNullValueCountsAndTheFirstCountsForDetection() {
        EventFields f = new EventFields(true);
        f.set(EventField.PROTOCOL, "first", true);
        f.set(EventField.PROTOCOL, "second", true);
        f.set(EventField.PROTOCOL, "folded", false);
        f.set(EventField.IDENTITY, "first", true);
        f.set(EventField.IDENTITY, null, true);
        f.set(EventField.SOURCE, null, true);
        f.set(EventField.SOURCE, "second", true);
        assertThat(f.detectedProtocol).as("detection: the first member named exactly so").isEqualTo("first");
        assertThat(f.protocol).as("what the decoder is left with").isEqualTo("folded");
        assertThat(f.identity).as("a JSON null leaves the field as it was").isEqualTo("first");
        assertThat(f.detectedSource).as("a JSON null is an occurrence for detection").isNull();
    }

    @Test
    void everyValueOfTheWrongKindIsKeptInOrderForTheFieldsOfTheType() {
        EventFields f = new EventFields(false);
        f.set(EventField.GOVERNOR, 1L, true);
        f.set(EventField.VERSION, Boolean.TRUE, true);
        f.set(EventField.VERSION, "1.0", true);
        f.set(EventField.TIMESTAMP, new JsonNumber("1.5"), true);
        assertThat(f.version).isEqualTo("1.0");
        assertThat(f.firstMistyped(EventType.ALIVE))
                .isEqualTo(new EventFields.Mistyped(EventField.VERSION, Boolean.TRUE));
        assertThat(f.firstMistyped(EventType.SHUTDOWN))
                .isEqualTo(new EventFields.Mistyped(EventField.TIMESTAMP, new JsonNumber("1.5")));
        assertThat(f.firstMistyped(EventType.GOVERNOR)).isEqualTo(new EventFields.Mistyped(EventField.GOVERNOR, 1L));
    }
}
