package io.choria.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.testing.ConformanceFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library reads every decode case of the reference's outputs (conformance/go-reference-outputs.json
 * and go-differential-outputs.json) as the reference does: it accepts what Go accepts, except where
 * the case documents a difference, and reads the same event. The error texts, and the command
 * line, are GoReferenceConformanceTest's (lifecycle-cli), which holds the documented differences.
 */
class GoReferenceReadingTest {

    static Stream<Named<JsonNode>> cases() {
        return Stream.of("go-reference-outputs.json", "go-differential-outputs.json")
                .flatMap(file -> StreamSupport.stream(ConformanceFiles.readJson(file).path("decode").spliterator(), false))
                .map(c -> Named.of(c.get("case").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsWhatTheReferenceReads(JsonNode c) {
        byte[] input = c.has("input_b64") ? Base64.getDecoder().decode(c.get("input_b64").asText())
                : c.get("input").asText().getBytes(UTF_8);
        LifecycleEvent event;
        try {
            event = Lifecycle.fromJson(input);
        } catch (EventDecodeException e) {
            assertThat(c.has("go_error") || c.has("documented")).as("refused (%s) what the reference reads", e.getMessage())
                    .isTrue();
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        if (!c.has("go_output")) {
            assertThat(c.has("documented")).as("read what the reference refuses (%s)", c.path("go_error").asText()).isTrue();
            return;
        }
        JsonNode go = c.get("go_output");
        assertThat(event.typeName()).isEqualTo(go.get("type").asText());
        assertThat(event.type().code()).isEqualTo(go.get("type_code").asInt());
        assertThat(event.format().toString()).isEqualTo(go.get("format").asText());
        assertThat(event.toString()).isEqualTo(go.get("display").asText());
        assertThat(event.protocol()).isEqualTo(go.get("protocol").asText());
        if (!go.has("varies")) { // else a random id and the time of reading, where ours reads "" and 0
            assertThat(new String(Lifecycle.toJson(event, WireFormat.CHORIA), UTF_8)).isEqualTo(go.get("json").asText());
            assertThat(new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8))
                    .isEqualTo(go.get("cloudevent").asText());
        }
    }
}
