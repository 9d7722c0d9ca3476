package io.choria.lifecycle;

import io.choria.lifecycle.testing.ConformanceFiles;
import io.choria.lifecycle.testing.VectorEvents;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the repository's {@code conformance/vectors.json}. */
class ConformanceTest {

    static Stream<Named<JsonNode>> encodeCases() {
        return named("encode");
    }

    static Stream<Named<JsonNode>> decodeCases() {
        return named("decode");
    }

    static Stream<Named<JsonNode>> detectCases() {
        return named("detect");
    }

    static Stream<Named<JsonNode>> governorDisplayCases() {
        return named("governor_display");
    }

    @Test
    void typeNamesAreTheSortedListOfTheVectors() {
        List<String> expected = new ArrayList<>();
        ConformanceFiles.cases("type_names").forEach(n -> expected.add(n.asText()));
        assertThat(EventType.names()).containsExactlyElementsOf(expected);
        assertThat(EventType.names()).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("encodeCases")
    void encodesByteForByteInBothFormats(JsonNode c) {
        LifecycleEvent event = VectorEvents.fromVector(c.get("event"));

        assertThat(event.format()).isEqualTo(WireFormat.CHORIA);
        assertThat(new String(Lifecycle.toJson(event), UTF_8)).isEqualTo(c.get("choria").asText());
        assertThat(new String(Lifecycle.toJson(event, WireFormat.CHORIA), UTF_8)).isEqualTo(c.get("choria").asText());
        assertThat(new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8))
                .isEqualTo(c.get("cloudevent").asText());
        event.setFormat(WireFormat.CLOUDEVENT_V1);
        assertThat(new String(Lifecycle.toJson(event), UTF_8)).isEqualTo(c.get("cloudevent").asText());
        assertThat(event.target()).isEqualTo(c.get("subject").asText());
        assertThat(event.toString()).isEqualTo(c.get("display").asText());
    }

    @ParameterizedTest
    @MethodSource("encodeCases")
    void decodesItsOwnEncodeVectorsBackToTheSameEvent(JsonNode c) {
        LifecycleEvent event = VectorEvents.fromVector(c.get("event"));

        LifecycleEvent choria = Lifecycle.fromJson(c.get("choria").asText().getBytes(UTF_8));
        assertThat(choria).isEqualTo(event);
        assertThat(choria.toString()).isEqualTo(c.get("display").asText());

        LifecycleEvent cloud = Lifecycle.fromJson(c.get("cloudevent").asText().getBytes(UTF_8));
        assertThat(cloud.format()).isEqualTo(WireFormat.CLOUDEVENT_V1);
        event.setFormat(WireFormat.CLOUDEVENT_V1);
        assertThat(cloud).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("decodeCases")
    void decodesAsTheReference(JsonNode c) {
        byte[] json = c.get("json").asText().getBytes(UTF_8);
        if (c.has("error")) {
            assertThatThrownBy(() -> Lifecycle.fromJson(json))
                    .isExactlyInstanceOf(EventDecodeException.class)
                    .hasMessageContaining(c.get("error").asText());
            return;
        }
        LifecycleEvent event = Lifecycle.fromJson(json);
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, JsonNode> f : c.get("expect").properties()) {
            soft.assertThat(actual(event, f.getKey())).as(f.getKey()).isEqualTo(f.getValue().asText());
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @MethodSource("detectCases")
    void detectsTheFormat(JsonNode c) {
        WireFormat format = WireFormat.detect(c.get("json").asText().getBytes(UTF_8));
        assertThat(format.toString()).isEqualTo(c.get("format").asText());
        assertThat(WireFormat.detect(c.get("json").asText().getBytes(UTF_8))).isEqualTo(format);
    }

    @ParameterizedTest
    @MethodSource("governorDisplayCases")
    void displaysGovernorEvents(JsonNode c) {
        LifecycleEvent event = Lifecycle.newEvent(EventType.GOVERNOR,
                EventOption.identity(c.get("identity").asText()),
                EventOption.governorName(c.get("governor").asText()),
                EventOption.governorSequence(VectorEvents.unsigned(c.get("sequence"))),
                EventOption.governorType(c.get("event_type").asText()));
        assertThat(event.toString()).isEqualTo(c.get("display").asText());
    }

    /** The decoded value an {@code expect} key names, as text; an unknown key fails the test. */
    private static String actual(LifecycleEvent e, String key) {
        return switch (key) {
            case "type" -> e.typeName();
            case "format" -> e.format().toString();
            case "protocol" -> e.protocol();
            case "id" -> e.id();
            case "identity" -> e.identity();
            case "component" -> e.component();
            case "timestamp" -> Long.toString(e.unixTimestamp());
            case "display" -> e.toString();
            case "version" -> ((VersionedEvent) e).version();
            case "new_version" -> ((NewVersionEvent) e).newVersion();
            case "governor" -> ((GovernorEvent) e).governor();
            case "event_type" -> ((GovernorEvent) e).stageName();
            case "sequence" -> Long.toUnsignedString(((GovernorEvent) e).sequence());
            default -> fail("the vectors expect a field this test does not know: " + key);
        };
    }

    private static Stream<Named<JsonNode>> named(String section) {
        Iterable<JsonNode> cases = ConformanceFiles.cases(section);
        int[] n = {0};
        return StreamSupport.stream(cases.spliterator(), false)
                .map(c -> Named.of(section + " #" + (n[0]++) + " " + c.path("name").asText(c.path("json").asText()), c));
    }
}
