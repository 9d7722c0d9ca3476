package io.choria.lifecycle.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.choria.lifecycle.testing.ConformanceFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code conformance/go-reference-outputs.json}, the outputs of go-choria's own
 * {@code lifecycle} package, through the command line: {@code encode} must print Go's bytes, and
 * decoding them must read what Go read back; {@code decode} must accept what Go accepts and read
 * the same, or refuse with Go's text. Where ours differs on purpose the difference must be one that
 * docs/protocol.md's table lists ({@link DocumentedDifference}). A case with an {@code env} (the
 * locale) or arguments that are raw bytes runs through {@code bin/choria-lifecycle} in a JVM of its
 * own ({@link InstalledLauncher}); the others in-process, as {@code ChoriaLifecycle.run}.
 */
class GoReferenceConformanceTest {
    private static final JsonNode REFERENCE = ConformanceFiles.readJson("go-reference-outputs.json");
    /** More decode cases of the same kinds, answered by the same reference built again (conformance/README.md). */
    private static final JsonNode DIFFERENTIAL = ConformanceFiles.readJson("go-differential-outputs.json");
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static Stream<Named<JsonNode>> encodeCases() {
        return cases(REFERENCE, "encode");
    }

    static Stream<Named<JsonNode>> decodeCases() {
        return Stream.concat(cases(REFERENCE, "decode"), cases(DIFFERENTIAL, "decode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodeCases")
    void encodesAsTheReference(JsonNode c) {
        List<byte[]> args = bytesList(c, "input");
        byte[] go = bytes(c, "go_output");
        CliRun ours = encode(c, args);
        if (c.has("documented")) {
            DocumentedDifference d = DocumentedDifference.ofNote(c.get("documented").asText());
            assertThat(d).isEqualTo(DocumentedDifference.INAPPLICABLE_OPTION);
            assertThat(ours.exitCode()).as("a flag the type has not is a usage error").isEqualTo(2);
            assertThat(ours.stderrLines().get(0)).matches("error: --[a-z-]+ does not apply to [a-z]+ events");
            d.assertDocumented();
        } else if (!args.stream().allMatch(GoReferenceConformanceTest::isUtf8)) {
            // the JVM hands us text, each bad sequence U+FFFD: the same event, other bytes (Go: \ufffd, or raw in the envelope)
            assertThat(ours.exitCode()).isZero();
            byte[] line = ours.stdoutBytes();
            assertThat(GoReading.ours(line)).isEqualTo(GoReading.of(c.get("go_output_read")));
            DocumentedDifference.ARGUMENT_NOT_UTF8.assertDocumented();
        } else {
            assertThat(new String(ours.stdoutBytes(), UTF_8)).as("stderr: %s", ours.stderr())
                    .isEqualTo(new String(go, UTF_8) + "\n");
            assertThat(ours.stdoutBytes()).isEqualTo((new String(go, UTF_8) + "\n").getBytes(UTF_8));
            assertThat(ours.exitCode()).isZero();
        }
        GoReading goRead = c.has("go_output_read_error") ? GoReading.error(c.get("go_output_read_error").asText())
                : GoReading.of(c.get("go_output_read"));
        compare(goRead, GoReading.ours(go), null, go);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodeCases")
    void decodesAsTheReference(JsonNode c) {
        byte[] line = bytes(c, "input");
        GoReading go = c.has("go_output") ? GoReading.of(c.get("go_output")) : GoReading.error(c.get("go_error").asText());
        String note = c.path("documented").asText(null);
        compare(go, GoReading.ours(line), note, line);
        if (c.has("first_value")) {
            DocumentedDifference.ofNote(note).assertDocumented();
            GoReading first = GoReading.of(c.get("first_value_go_output"));
            assertThat(GoReading.ours(c.get("first_value").asText().getBytes(UTF_8))).isEqualTo(first);
            CliRun stream = CliRun.withInput(concat(line, "\n"), "decode").assertCleanErrors();
            assertThat(stream.stdoutLines()).as("the first event is printed").containsExactly(first.display());
            assertThat(stream.stderrLines()).as("what follows is reported").hasSize(1).allMatch(l -> l.startsWith("error: line 1: "));
            assertThat(stream.exitCode()).isEqualTo(1);
        }
        if (c.has("env")) {
            InstalledLauncher.Run run = InstalledLauncher.run(env(c), List.of("decode".getBytes(UTF_8)), concat(line, "\n"));
            CliRun inProcess = CliRun.withInput(concat(line, "\n"), "decode");
            assertThat(run.stdout()).as("the locale does not change what decode reads").isEqualTo(inProcess.stdoutBytes());
            assertThat(run.stderr()).isEqualTo(inProcess.stderr());
        }
    }

    /** Go's reading against ours of {@code input}: equal, or different as a documented difference says. */
    private static void compare(GoReading go, GoReading ours, String note, byte[] input) {
        if (go.refused() && ours.refused()) {
            if (note != null && DocumentedDifference.ofNote(note) == DocumentedDifference.LEGACY_PROTOCOL
                    && !ours.error().equals(go.error())) {
                // Go never got past detection; ours reads choria:lifecycle names, and may refuse them further on
                assertThat(go.error()).isEqualTo("unsupported event format");
                DocumentedDifference.LEGACY_PROTOCOL.assertDocumented();
                return;
            }
            DocumentedDifference.ofErrorText(go.error(), ours.error(), isJson(input))
                    .ifPresent(DocumentedDifference::assertDocumented);
            if (ours.cliError() == null) {
                DocumentedDifference.CLI_STREAM.assertDocumented(); // a blank line, or more after an event
            } else if (!ours.error().equals(ours.cliError())) {
                assertThat(ours.cliError()).as("decode's framing").startsWith("truncated event");
                DocumentedDifference.CLI_STREAM.assertDocumented();
            }
            return;
        }
        if (go.refused() != ours.refused()) {
            if (note == null) {
                fail("the reference %s, ours %s", go.refused() ? "refuses (" + go.error() + ")" : "accepts",
                        ours.refused() ? "refuses (" + ours.error() + ")" : "accepts");
            }
            DocumentedDifference d = DocumentedDifference.ofNote(note);
            switch (d) {
                case LEGACY_PROTOCOL -> assertThat(new String(input, UTF_8)).contains("\"protocol\":\"choria:lifecycle");
                case DEEP_NESTING -> assertThat(ours.error()).contains("nesting depth");
                case NESTED_CLOUDEVENT -> assertThat(ours.error()).contains("the CloudEvent's data is not a lifecycle event");
                case DATA_AFTER_CLOUDEVENT -> assertThat(ours.error()).startsWith("invalid JSON");
                default -> fail("%s does not explain a difference in acceptance", d);
            }
            d.assertDocumented();
            return;
        }
        if (note != null && DocumentedDifference.ofNote(note) == DocumentedDifference.ABSENT_ID_AND_TIME) {
            DocumentedDifference.ABSENT_ID_AND_TIME.assertDocumented(); // what GoReading.of put in Go's placeholders
        }
        assertThat(ours).isEqualTo(go);
    }

    private static CliRun encode(JsonNode c, List<byte[]> args) {
        if (!c.has("env") && args.stream().allMatch(GoReferenceConformanceTest::isUtf8)) {
            return CliRun.run(prepend("encode", args)).assertCleanErrors();
        }
        List<byte[]> command = new ArrayList<>(List.of("encode".getBytes(UTF_8)));
        command.addAll(args);
        InstalledLauncher.Run run = InstalledLauncher.run(env(c), command, new byte[0]);
        return new CliRun(run.exitCode(), run.stdout(), run.stderr()).assertCleanErrors();
    }

    /** The case's locale variables, or the outside check's default, C.UTF-8. */
    private static Map<String, String> env(JsonNode c) {
        Map<String, String> env = new HashMap<>();
        if (c.has("env")) {
            c.get("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        } else {
            env.put("LC_ALL", "C.UTF-8");
        }
        return env;
    }

    private static String[] prepend(String first, List<byte[]> rest) {
        String[] out = new String[rest.size() + 1];
        out[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            out[i + 1] = new String(rest.get(i), UTF_8);
        }
        return out;
    }

    /** A case's bytes under {@code name}: its UTF-8, or the base64 under {@code name_b64}. */
    private static byte[] bytes(JsonNode c, String name) {
        return c.has(name + "_b64") ? Base64.getDecoder().decode(c.get(name + "_b64").asText())
                : c.get(name).asText().getBytes(UTF_8);
    }

    private static List<byte[]> bytesList(JsonNode c, String name) {
        List<byte[]> out = new ArrayList<>();
        boolean b64 = c.has(name + "_b64");
        for (JsonNode a : c.get(b64 ? name + "_b64" : name)) {
            out.add(b64 ? Base64.getDecoder().decode(a.asText()) : a.asText().getBytes(UTF_8));
        }
        return out;
    }

    private static boolean isUtf8(byte[] b) {
        try {
            UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Whether {@code input} is one JSON document that Go's decoder would take (a byte-order mark is not). */
    private static boolean isJson(byte[] input) {
        if (input.length >= 3 && input[0] == (byte) 0xEF && input[1] == (byte) 0xBB && input[2] == (byte) 0xBF) {
            return false;
        }
        try {
            STRICT.readTree(input);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] line, String end) {
        byte[] tail = end.getBytes(UTF_8);
        byte[] out = new byte[line.length + tail.length];
        System.arraycopy(line, 0, out, 0, line.length);
        System.arraycopy(tail, 0, out, line.length, tail.length);
        return out;
    }

    private static Stream<Named<JsonNode>> cases(JsonNode file, String section) {
        JsonNode list = file.path(section);
        assertThat(list.size()).as("cases in section %s", section).isPositive();
        return StreamSupport.stream(list.spliterator(), false).map(c -> Named.of(c.get("case").asText(), c));
    }
}
