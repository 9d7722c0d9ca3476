package io.choria.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.choria.lifecycle.testing.ConformanceFiles;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.Lifecycle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecodeCommandTest {
    private static final String ALIVE = "{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"id\":\"a1\",\"identity\":\"n1\","
            + "\"component\":\"server\",\"timestamp\":1535369537,\"version\":\"0.6.0\"}";
    private static final String ALIVE_LINE = "[alive] n1: server version 0.6.0";

    static Stream<Arguments> decodeVectors() {
        return ConformanceFiles.cases("decode").stream().map(v -> Arguments.of(v.get("name").asText(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodeVectors")
    void printsEveryDecodeVectorsDisplayLineOrError(String name, JsonNode vector) {
        CliRun run = CliRun.withInput(vector.get("json").asText(), "decode").assertCleanErrors();

        if (vector.has("error")) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stdoutBytes()).isEmpty();
            assertThat(run.stderrLines()).singleElement().asString()
                    .startsWith("error: line 1: ").contains(vector.get("error").asText());
        } else {
            assertThat(run.stderr()).isEmpty();
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).isEqualTo(vector.get("expect").get("display").asText() + "\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodeVectors")
    void jsonPrintsEveryDecodeVectorAsCompactChoriaFormat(String name, JsonNode vector) {
        String input = vector.get("json").asText();
        CliRun run = CliRun.withInput(input, "decode", "--json").assertCleanErrors();

        if (vector.has("error")) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stdoutBytes()).isEmpty();
            assertThat(run.stderr()).contains(vector.get("error").asText());
        } else {
            byte[] expected = Lifecycle.toJson(Lifecycle.fromJson(input.getBytes(StandardCharsets.UTF_8)), WireFormat.CHORIA);
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).isEqualTo(new String(expected, StandardCharsets.UTF_8) + "\n");
            assertThat(run.stdout()).startsWith("{\"protocol\":\"io.choria.lifecycle.v1."
                    + vector.get("expect").get("type").asText() + "\"").doesNotContain("\n ");
            assertThat(WireFormat.detect(run.stdout().strip().getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(WireFormat.CHORIA);
        }
    }

    @Test
    void decodesEveryEncodeVectorInOneConcatenatedStreamInBothFormats() {
        StringBuilder input = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (JsonNode v : ConformanceFiles.cases("encode")) {
            input.append(v.get("choria").asText()).append('\n').append(v.get("cloudevent").asText()).append('\n');
            expected.append(v.get("display").asText()).append('\n').append(v.get("display").asText()).append('\n');
        }

        CliRun run = CliRun.withInput(input.toString(), "decode");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(expected.toString());
    }

    @Test
    void aBadEventInTheMiddleIsReportedAndTheRestStillDecoded() {
        String input = ALIVE + "\n" + "{\"protocol\":\"fail\"}\n" + "not json at all\n" + ALIVE + "\n";

        CliRun run = CliRun.withInput(input, "decode").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutLines()).containsExactly(ALIVE_LINE, ALIVE_LINE);
        assertThat(run.stderrLines()).hasSize(2);
        assertThat(run.stderrLines().get(0)).startsWith("error: line 2: ").contains("unsupported event format");
        assertThat(run.stderrLines().get(1)).startsWith("error: line 3: ");
    }

    @Test
    void aTruncatedEventDoesNotSwallowTheEventsAfterIt() {
        String input = "{\"protocol\":\"io.choria.lifecycle.v1.al\n" + ALIVE + "\n" + ALIVE + "\n{\"protocol\":";

        CliRun run = CliRun.withInput(input, "decode").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutLines()).containsExactly(ALIVE_LINE, ALIVE_LINE);
        assertThat(run.stderrLines()).containsExactly(
                "error: line 1: truncated event: a new event starts on line 2 before it ended",
                "error: line 4: truncated event: the input ended inside it");
    }

    @Test
    void emptyInputPrintsNothingAndSucceeds() {
        CliRun run = CliRun.withInput("\r\n\n  \n", "decode");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void readsAFileAndADashMeansStdin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.json");
        Files.writeString(file, ALIVE + "\r\n" + ALIVE + "\r\n");

        CliRun fromFile = CliRun.run("decode", file.toString());
        CliRun fromDash = CliRun.withInput(ALIVE, "decode", "-");

        assertThat(fromFile.exitCode()).isZero();
        assertThat(fromFile.stdoutLines()).containsExactly(ALIVE_LINE, ALIVE_LINE);
        assertThat(fromDash.exitCode()).isZero();
        assertThat(fromDash.stdoutLines()).containsExactly(ALIVE_LINE);
    }

    @Test
    void aMissingFileIsOneLineAndExitCode1(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        CliRun run = CliRun.run("decode", missing.toString()).assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderrLines()).containsExactly("error: cannot read " + missing + ": no such file");
    }

    @Test
    void aDirectoryIsOneLineAndExitCode1(@TempDir Path dir) {
        CliRun run = CliRun.run("decode", dir.toString()).assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderrLines()).singleElement().asString().startsWith("error: cannot read " + dir + ": ");
    }

    @Test
    void anOversizeEventIsSkippedAndTheNextOneDecoded() {
        String huge = "{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"identity\":\"" + "x".repeat(1_100_000) + "\"}";

        CliRun run = CliRun.withInput(huge + "\n" + ALIVE + "\n", "decode").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutLines()).containsExactly(ALIVE_LINE);
        assertThat(run.stderrLines()).containsExactly("error: line 1: event larger than 1048576 bytes, skipped");
    }

    @Test
    void hostileInputNeverPrintsAStackTrace() {
        String hostile = "[".repeat(5000) + "\n" + "{" + "\"a\":{".repeat(5000) + "\n"
                + "{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"timestamp\":1e400}\n"
                + "{\"protocol\":\"io.choria.lifecycle.v1.governor\",\"sequence\":18446744073709551616}\n"
                + "{\"specversion\":\"1.0\",\"data_base64\":\"%%%\"}\n"
                + "\u0000\u0001\u00ff\n" + "\"just a string\"\n" + "{\"a\":\"\\";

        CliRun run = CliRun.withInput(hostile, "decode").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).hasSizeGreaterThanOrEqualTo(7).allMatch(l -> l.startsWith("error: line "));
    }
}
