package io.choria.lifecycle.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.WireFormat;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What reading one line gives, in the reference outputs' terms: the {@code go_output} of a decode
 * case (type, type_code, format, display, protocol, target, json, cloudevent), or an error text.
 * Ours is read through the command line ({@code decode} for the display line, {@code decode --json}
 * for the JSON, its {@code error: line 1: } line as {@code cliError}; null when it printed an event
 * first, the line holding more) and the library for the rest and the error.
 */
record GoReading(String type, int typeCode, String format, String display, String protocol, String target,
                 String json, String cloudevent, String error, String cliError) {

    /** Go's reading: a {@code go_output} object, with the placeholders of {@code varies} put as ours reads absent fields. */
    static GoReading of(JsonNode output) {
        String json = output.path("json").asText();
        String cloudevent = output.path("cloudevent").asText();
        if (output.has("varies")) { // the reference keeps a random id and the current time; ours, "" and 0
            json = ours(json);
            cloudevent = ours(cloudevent).replace("\"time\":\"@NOW@\"", "\"time\":\"1970-01-01T00:00:00Z\"");
        }
        return new GoReading(output.path("type").asText(), output.path("type_code").asInt(),
                output.path("format").asText(), output.path("display").asText(), output.path("protocol").asText(),
                output.path("target").asText(), json, cloudevent, null, null);
    }

    /** Go's JSON with its placeholders for a random id and the current time as ours reads them absent. */
    private static String ours(String goJson) {
        return goJson.replace("\"@RANDOM-ID@\"", "\"\"").replace("\"timestamp\":\"@NOW@\"", "\"timestamp\":0");
    }

    /** Go's refusal. */
    static GoReading error(String text) {
        return new GoReading(null, 0, null, null, null, null, null, null, text, text);
    }

    /** Our reading of {@code line}: {@code choria-lifecycle decode} (and {@code --json}) on it, and the library. */
    static GoReading ours(byte[] line) {
        byte[] stdin = (new String(line, UTF_8).endsWith("\n") ? line : concat(line, "\n".getBytes(UTF_8)));
        CliRun display = CliRun.withInput(stdin, "decode").assertCleanErrors();
        CliRun json = CliRun.withInput(stdin, "decode", "--json").assertCleanErrors();
        LifecycleEvent event;
        try {
            event = Lifecycle.fromJson(line);
        } catch (EventDecodeException e) {
            if (new String(line, UTF_8).isBlank()) { // decode skips blank lines, as it reads a stream
                assertThat(display.exitCode()).isZero();
                assertThat(display.stdout() + display.stderr()).isEmpty();
                return new GoReading(null, 0, null, null, null, null, null, null, e.getMessage(), null);
            }
            assertThat(display.exitCode()).as("decode's exit code for a refused event").isEqualTo(1);
            assertThat(display.stderrLines()).as("decode reports why").isNotEmpty().allMatch(l -> l.startsWith("error: line 1: "));
            String cli = display.stdout().isEmpty() ? display.stderrLines().get(0).substring("error: line 1: ".length()) : null;
            return new GoReading(null, 0, null, null, null, null, null, null, e.getMessage(), cli);
        }
        String target;
        try {
            target = event.target();
        } catch (LifecycleException e) {
            target = "error: " + e.getMessage();
        }
        return new GoReading(event.typeName(), event.type().code(), event.format().toString(),
                printed(display), event.protocol(), target, printed(json),
                new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8), null, null);
    }

    boolean refused() {
        return error != null;
    }

    /** What decode printed for the one event: its display may hold line breaks, as Go's String() does. */
    private static String printed(CliRun run) {
        String out = run.stdout();
        assertThat(out).as("decode printed an event: %s", run.stderr()).endsWith("\n");
        return out.substring(0, out.length() - 1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
