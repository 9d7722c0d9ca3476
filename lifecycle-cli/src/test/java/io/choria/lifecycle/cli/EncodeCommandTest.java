package io.choria.lifecycle.cli;

import io.choria.lifecycle.EventType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.choria.lifecycle.testing.ConformanceFiles;
import io.choria.lifecycle.GovernorEvent;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EncodeCommandTest {

    static Stream<Arguments> encodeVectors() {
        return ConformanceFiles.cases("encode").stream()
                .flatMap(v -> Stream.of("choria", "cloudevent").map(f -> Arguments.of(v.get("name").asText(), f, v)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("encodeVectors")
    void reproducesEveryEncodeVectorByteForByte(String name, String format, JsonNode vector) {
        CliRun run = CliRun.run(VectorArgs.encodeArgs(vector.get("event"), format).toArray(String[]::new));

        byte[] expected = (vector.get(format).asText() + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdoutBytes()).isEqualTo(expected);
    }

    @Test
    void defaultFormatIsCloudEventWithFreshIdAndTime() {
        CliRun run = CliRun.run("encode", "--type", "alive", "--component", "server", "--identity", "n1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("{\"specversion\":\"1.0\",\"id\":\"").endsWith("}\n");
        LifecycleEvent event = Lifecycle.fromJson(run.stdoutBytes());
        assertThat(event.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(event.unixTimestamp()).isGreaterThan(1_700_000_000L);
    }

    @Test
    void writesUnicodeAsExactUtf8Bytes() {
        CliRun run = CliRun.run("encode", "--type", "startup", "--component", "srv", "--identity", "nöde-日本-🚀",
                "--id", "x", "--timestamp", "1", "--format", "choria");

        assertThat(run.exitCode()).isZero();
        byte[] expected = ("{\"protocol\":\"io.choria.lifecycle.v1.startup\",\"id\":\"x\",\"identity\":\"nöde-日本-🚀\","
                + "\"component\":\"srv\",\"timestamp\":1,\"version\":\"\"}\n").getBytes(StandardCharsets.UTF_8);
        assertThat(run.stdoutBytes()).isEqualTo(expected);
    }

    @Test
    void acceptsTheLargestUnsignedSequence() {
        CliRun run = CliRun.run("encode", "--type", "governor", "--component", "c", "--identity", "i",
                "--governor", "G", "--governor-event", "exit", "--sequence", "18446744073709551615", "--format", "choria");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("\"sequence\":18446744073709551615");
        GovernorEvent event = (GovernorEvent) Lifecycle.fromJson(run.stdoutBytes());
        assertThat(event.sequence()).isEqualTo(-1L);
    }

    @ParameterizedTest(name = "--sequence <{0}>")
    @CsvSource({"18446744073709551616", "-1", "ten", "''"})
    void refusesSequencesOutsideUnsigned64Bits(String sequence) {
        CliRun run = CliRun.run("encode", "--type", "governor", "--component", "c", "--identity", "i",
                "--sequence", sequence).assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines().get(0)).startsWith("error: ").contains("--sequence");
    }

    @Test
    void refusesAnUnknownTypeListingTheValidNames() {
        CliRun run = CliRun.run("encode", "--type", "reboot", "--component", "c", "--identity", "i").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).containsExactly(
                "error: unknown event type 'reboot', valid types are alive, governor, provisioned, shutdown, startup, upgraded",
                "Try 'choria-lifecycle encode --help' for more information.");
    }

    /** Every type-specific flag on every type it does not apply to, with a value and with an empty one. */
    static Stream<Arguments> inapplicableFlags() {
        List<Arguments> cases = new ArrayList<>();
        String[][] flags = {
            {"--version", "1.0", "startup alive upgraded"},
            {"--new-version", "2.0", "upgraded"},
            {"--governor", "G", "governor"},
            {"--governor-event", "enter", "governor"},
            {"--sequence", "3", "governor"},
        };
        for (String type : EventType.names()) {
            for (String[] flag : flags) {
                if (!List.of(flag[2].split(" ")).contains(type)) {
                    cases.add(Arguments.of(type, flag[0], flag[1]));
                    if (!flag[0].equals("--governor-event") && !flag[0].equals("--sequence")) {
                        cases.add(Arguments.of(type, flag[0], ""));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} \"{2}\" on {0}")
    @MethodSource("inapplicableFlags")
    void refusesAFlagThatDoesNotApplyToTheType(String type, String flag, String value) {
        CliRun run = CliRun.run("encode", "--type", type, "--component", "c", "--identity", "i", flag, value)
                .assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines().get(0)).isEqualTo("error: " + flag + " does not apply to " + type + " events");
    }

    @Test
    void namesEveryInapplicableFlagInOneLine() {
        CliRun run = CliRun.run("encode", "--type", "shutdown", "--component", "c", "--identity", "i",
                "--version", "1", "--governor", "G", "--sequence", "4").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderrLines().get(0)).isEqualTo("error: --version, --governor, --sequence do not apply to shutdown events");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--type alive --identity i|--component",
        "--type alive --component c|--identity",
        "--component c --identity i|--type",
        "--type governor --component c --identity i --governor-event enters|invalid stage 'enters'",
        "--type alive --component c --identity i --format json|'json' is not a format",
        "--type alive --component c --identity i --timestamp soon|--timestamp",
        "--type alive --component c --identity i --timestamp 9223372036854775808|--timestamp",
        "--type alive --component c --identity --version 1|Expected parameter for option '--identity'",
        "--type alive --component c --identity=a --identity=b|option '--identity' (I) should be specified only once",
        "--type alive --component c --identity i --colour red|--colour",
    })
    void refusesBadFlagsWithOneLineAndExitCode2(String args, String mentioned) {
        List<String> argv = new ArrayList<>(List.of("encode"));
        argv.addAll(List.of(args.split(" ")));

        CliRun run = CliRun.run(argv.toArray(String[]::new)).assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).hasSize(2);
        assertThat(run.stderrLines().get(0)).startsWith("error: ").contains(mentioned);
    }

    /** As Go's flag parsers: what follows {@code =} is the value, even when it is a flag's name. */
    @ParameterizedTest
    @CsvSource({"--identity", "-leading-dash", "--version=1", "=equals=", "--", "-"})
    void aValueGivenWithEqualsIsTheValue(String value) {
        CliRun run = CliRun.run("encode", "--type=alive", "--component=c", "--identity=" + value, "--id=" + value,
                "--version=" + value, "--timestamp=1", "--format=choria").assertCleanErrors();

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String quoted = value.replace("\"", "\\\"");
        assertThat(run.stdout()).isEqualTo("{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"id\":\"" + quoted
                + "\",\"identity\":\"" + quoted + "\",\"component\":\"c\",\"timestamp\":1,\"version\":\"" + quoted + "\"}\n");
    }

    @ParameterizedTest
    @CsvSource({"9223372036854775807, 292277026596-12-04T15:30:07Z", "-9223372036854775808, 292277026596-12-04T15:30:08Z",
        "253402300800, 10000-01-01T00:00:00Z"})
    void everyInt64TimestampIsWrittenInBothFormatsAsGoWritesIt(long timestamp, String time) {
        CliRun choria = CliRun.run("encode", "--type", "shutdown", "--component", "c", "--identity", "i", "--id", "x",
                "--timestamp", Long.toString(timestamp), "--format", "choria").assertCleanErrors();
        CliRun cloud = CliRun.run("encode", "--type", "shutdown", "--component", "c", "--identity", "i", "--id", "x",
                "--timestamp", Long.toString(timestamp)).assertCleanErrors();

        assertThat(choria.stdout()).contains("\"timestamp\":" + timestamp + "}");
        assertThat(cloud.stdout()).contains("\"time\":\"" + time + "\"").contains("\"timestamp\":" + timestamp + "}");
    }
}
