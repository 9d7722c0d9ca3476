package io.choria.lifecycle;

import io.choria.lifecycle.testing.ConformanceFiles;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.choria.lifecycle.testing.AllocationBudget;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the decoder ({@link Lifecycle#fromJson} and
 * {@link WireFormat#detect}): whatever the bytes, detection answers and decoding returns an
 * event or refuses with a one-line {@link EventDecodeException}; nothing else escapes, no input
 * hangs (libFuzzer's per-input timeout, set in the pom) and none allocates out of proportion to
 * its size ({@link AllocationBudget}); and the plain-JSON fast path never reads an input
 * differently from the Jackson pass ({@link FastPathAgreement}). Starts from every event of the conformance vectors
 * so the fuzzer mutates real events rather than searching for one, with a dictionary of JSON's
 * tricky tokens and the events' field names. Runs for its
 * {@code maxDuration} inside {@code mvn verify} (see the pom's "fuzz" execution).
 */
class DecoderFuzzTest {
    /**
     * Decoding reads at most a few copies of the input (bytes, parser buffer, field strings);
     * the fixed part covers the parser's per-call buffers and a first call's class loading.
     */
    private static final AllocationBudget BUDGET = AllocationBudget.of(2 * 1024 * 1024, 32);

    @MethodSource("seeds")
    @DictionaryFile(resourcePath = "/io/choria/lifecycle/testing/json.dict")
    @FuzzTest(maxDuration = "20s")
    void decodesOrRefusesEveryInput(byte[] input) {
        BUDGET.check(input, () -> DecodeOutcome.decodeOrRefuse(input));
        FastPathAgreement.check(input); // and the fast path reads it as Jackson does, or not at all
    }

    /** The conformance vectors' JSON, valid and invalid, and one event carried in {@code data_base64}. */
    static Stream<Arguments> seeds() {
        List<Arguments> seeds = new ArrayList<>();
        for (JsonNode c : ConformanceFiles.cases("encode")) {
            seeds.add(seed("encode " + c.get("name").asText() + " (choria)", c.get("choria").asText()));
            seeds.add(seed("encode " + c.get("name").asText() + " (cloudevent)", c.get("cloudevent").asText()));
        }
        for (JsonNode c : ConformanceFiles.cases("decode")) {
            seeds.add(seed("decode " + c.get("name").asText(), c.get("json").asText()));
        }
        int n = 0;
        for (JsonNode c : ConformanceFiles.cases("detect")) {
            seeds.add(seed("detect " + ++n, c.get("json").asText()));
        }
        JsonNode first = ConformanceFiles.cases("encode").iterator().next();
        String data = Base64.getEncoder().encodeToString(first.get("choria").asText().getBytes(UTF_8));
        seeds.add(seed("cloudevent with data_base64", first.get("cloudevent").asText()
                .replaceFirst("\"data\":\\{.*}}$", "\"data_base64\":\"" + data + "\"}")));
        return seeds.stream();
    }

    private static Arguments seed(String name, String json) {
        return Arguments.of(Named.of(name, json.getBytes(UTF_8)));
    }
}
