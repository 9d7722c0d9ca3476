package io.choria.lifecycle;

import io.choria.lifecycle.testing.ConformanceFiles;
import static io.choria.lifecycle.DecodeOutcome.decodeOrRefuse;
import static io.choria.lifecycle.DecodeOutcome.refusal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the bytes, decoding returns an event or throws {@link EventDecodeException}, nothing else. */
class DecodeRobustnessTest {
    private static final String STARTUP = "{\"protocol\":\"io.choria.lifecycle.v1.startup\",\"id\":\"i\","
            + "\"identity\":\"n\",\"component\":\"c\",\"timestamp\":1,\"version\":\"1\"}";

    @Test
    void ofARepeatedProtocolTheFirstNamesTheTypeAndTheLastIsChecked() {
        // the reference detects format and type with gjson (the first occurrence), then unmarshals
        // (the last one wins) and checks the protocol the struct was left with
        String bogusFirst = "{\"protocol\":\"x\",\"protocol\":\"io.choria.lifecycle.v1.alive\",\"identity\":\"n1\","
                + "\"component\":\"server\",\"version\":\"1\"}";
        assertThat(WireFormat.detect(bogusFirst.getBytes(UTF_8))).isEqualTo(WireFormat.UNKNOWN);
        assertThat(refusal(bogusFirst.getBytes(UTF_8))).isEqualTo("unsupported event format");
        String shutdownFirst = "{\"protocol\":\"io.choria.lifecycle.v1.shutdown\",\"identity\":\"n1\",\"identity\":\"n2\","
                + "\"component\":\"server\",\"protocol\":\"io.choria.lifecycle.v1.alive\"}";
        assertThat(refusal(bytes(shutdownFirst))).isEqualTo("invalid protocol 'io.choria.lifecycle.v1.alive'");
        String legacyLast = shutdownFirst.replace("v1.alive", "v1.shutdown\",\"PROTOCOL\":\"choria:lifecycle:shutdown:1");
        LifecycleEvent e = Lifecycle.fromJson(legacyLast.getBytes(UTF_8));
        assertThat(e.type()).isEqualTo(EventType.SHUTDOWN);
        assertThat(e.identity()).as("other fields: the last one wins").isEqualTo("n2");
        String nullLast = shutdownFirst.replace("\"io.choria.lifecycle.v1.alive\"", "null");
        assertThat(Lifecycle.fromJson(bytes(nullLast)).type()).as("a null leaves it as it was").isEqualTo(EventType.SHUTDOWN);
    }

    @Test
    void nullIsRefusedAndDetectedAsUnknown() {
        assertThat(refusal(null)).contains("unsupported event format");
        assertThat(WireFormat.detect(null)).isEqualTo(WireFormat.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t\r ", "null", "true", "1", "\"x\"", "[]", "[{}]", "{}", "{\"a\":1}"})
    void anythingButALifecycleObjectIsAnUnsupportedFormat(String json) {
        assertThat(refusal(json.getBytes(UTF_8))).contains("unsupported event format");
        assertThat(WireFormat.detect(json.getBytes(UTF_8))).isEqualTo(WireFormat.UNKNOWN);
    }

    @Test
    void referenceErrorMessages() {
        assertThat(refusal(bytes("{\"protocol\":\"fail\"}"))).contains("unsupported event format");
        assertThat(refusal(bytes("{\"protocol\":\"io.choria.lifecycle.v1.bogus\"}")))
                .contains("unknown protocol 'io.choria.lifecycle.v1.bogus' received");
        assertThat(refusal(bytes("{\"protocol\":\"io.choria.lifecycle.startup\"}")))
                .contains("unknown protocol 'io.choria.lifecycle.startup' received");
        assertThat(refusal(bytes("{\"protocol\":\"io.choria.lifecycle.v1.startup.x\"}")))
                .contains("unknown protocol 'io.choria.lifecycle.v1.startup.x' received");
        assertThat(refusal(bytes("{\"protocol\":\"choria:lifecycle:bogus:1\"}")))
                .contains("unknown protocol 'choria:lifecycle:bogus:1' received");
        assertThat(refusal(bytes("{\"protocol\":\"choria:lifecycle:startup\"}")))
                .contains("unknown protocol 'choria:lifecycle:startup' received");
        assertThat(refusal(bytes("{\"protocol\":\"io.choria.lifecycle.v1.governor\",\"governor\":\"\"}")))
                .contains("governor name is not set");
        assertThat(refusal(bytes("{\"protocol\":\"io.choria.lifecycle.v2.startup\"}"))).contains("protocol");
    }

    /** Input quoted in an error gets JSON's escapes and is cut short, so it cannot split or swamp a log line. */
    @Test
    void inputQuotedInAnErrorStaysOnOneShortLine() {
        assertThat(refusal(bytes("{\"protocol\":\"io.choria.lifecycle.v1.shutdown\\nerror: forged\"}")))
                .isEqualTo("unknown protocol 'io.choria.lifecycle.v1.shutdown\\nerror: forged' received");
        assertThat(refusal(bytes("{\"protocol\":\"io.choria.lifecycle.v2\\r.startup\"}")))
                .isEqualTo("invalid protocol 'io.choria.lifecycle.v2\\r.startup'");
        String cloud = new String(Lifecycle.toJson(Lifecycle.fromJson(bytes(STARTUP)), WireFormat.CLOUDEVENT_V1), UTF_8);
        assertThat(refusal(bytes(cloud.replaceFirst("\"time\":\"[^\"]*\"", Matcher.quoteReplacement("\"time\":\"today\\t\\u0000\"")))))
                .isEqualTo("cannot convert \"today\\t\\x00\" to time.Time: not in RFC3339 format");
        String longProtocol = "io.choria.lifecycle." + "x".repeat(1_000_000);
        assertThat(refusal(bytes("{\"protocol\":\"" + longProtocol + "\"}")))
                .startsWith("unknown protocol 'io.choria.lifecycle.xxx").endsWith("...' received").hasSizeLessThan(300);
    }

    @Test
    void randomJunkIsRefused() {
        Random random = new Random(1127);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            if (junk.length > 0 && random.nextBoolean()) {
                junk[0] = '{';
            }
            assertThat(decodeOrRefuse(junk)).isNull();
        }
    }

    @Test
    void randomlyMutatedVectorsDecodeOrAreRefused() {
        Random random = new Random(2026);
        String alphabet = "{}[]\":,0123456789.-+eE \\untrfalsn\u00e9\u2028";
        for (byte[] valid : validInputs()) {
            for (int i = 0; i < 400; i++) {
                byte[] mutated = Arrays.copyOf(valid, valid.length);
                for (int m = 1 + random.nextInt(3); m > 0; m--) {
                    int at = random.nextInt(mutated.length);
                    mutated[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
                            : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                }
                LifecycleEvent event = decodeOrRefuse(mutated);
                if (event != null) {
                    // whatever was accepted can be written again (in its own format, if its time allows)
                    assertThat(Lifecycle.toJson(event, WireFormat.CHORIA)).isNotEmpty();
                }
            }
        }
    }

    @Test
    void everyTruncationOfEveryValidVectorIsRefused() {
        int checked = 0;
        for (byte[] valid : validInputs()) {
            int end = new String(valid, UTF_8).stripTrailing().getBytes(UTF_8).length;
            assertThat(decodeOrRefuse(valid)).isNotNull();
            for (int len = 0; len < end; len++) {
                assertThat(refusal(Arrays.copyOf(valid, len))).isNotBlank();
                checked++;
            }
        }
        assertThat(checked).as("prefixes checked").isGreaterThan(4000);
    }

    @Test
    void deepNestingIsRefusedWithoutAStackOverflow() {
        int depth = 100_000;
        assertThat(refusal(bytes("[".repeat(depth)))).isNotBlank();
        assertThat(refusal(bytes("[".repeat(depth) + "]".repeat(depth)))).isNotBlank();
        assertThat(refusal(bytes("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)))).isNotBlank();
        assertThat(refusal(bytes(STARTUP.replace("\"identity\":\"n\"",
                "\"identity\":" + "[".repeat(depth) + "]".repeat(depth))))).isNotBlank();
        assertThat(refusal(bytes(STARTUP.replace("\"identity\":\"n\"",
                "\"other\":" + "{\"x\":".repeat(depth) + "1" + "}".repeat(depth))))).isNotBlank();
        String cloud = new String(Lifecycle.toJson(Lifecycle.fromJson(bytes(STARTUP)), WireFormat.CLOUDEVENT_V1), UTF_8);
        assertThat(refusal(bytes(cloud.replace("\"data\":{", "\"data\":{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + ",")))).isNotBlank();
        assertThat(refusal(bytes(cloud.replace("\"data\":{", "\"data\":{\"deep\":" + "{\"x\":".repeat(depth) + "1" + "}".repeat(depth) + ",")))).isNotBlank();
    }

    @Test
    void aStringLongerThanAnyEventNeedsIsRefusedAndOneOfAMebibyteIsRead() {
        String big = "x".repeat(17 * 1024 * 1024);
        assertThat(refusal(bytes(STARTUP.replace("\"identity\":\"n\"", "\"identity\":\"" + big + "\"")))).isNotBlank();
        String mebibyte = "é".repeat(512 * 1024);
        LifecycleEvent event = Lifecycle.fromJson(bytes(STARTUP.replace("\"identity\":\"n\"", "\"identity\":\"" + mebibyte + "\"")));
        assertThat(event.identity()).isEqualTo(mebibyte);
    }

    @Test
    void modestNestingInFieldsNoEventHasIsIgnored() {
        String nested = "{\"x\":".repeat(20) + "[1,2,{\"y\":null}]" + "}".repeat(20);
        LifecycleEvent event = Lifecycle.fromJson(bytes(STARTUP.replace("\"id\":", "\"extra\":" + nested + ",\"id\":")));
        assertThat(event.toString()).isEqualTo("[startup] n: c version 1");
    }

    @Test
    void invalidUtf8IsRefusedOrReplacedNeverThrownAsAnythingElse() {
        byte[][] bad = {
            {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        };
        for (byte[] b : bad) {
            decodeOrRefuse(splice(STARTUP, "\"identity\":\"", b));
            decodeOrRefuse(splice(STARTUP, "\"identity\":", b));
            decodeOrRefuse(splice(STARTUP, "{", b));
            decodeOrRefuse(b);
        }
        LifecycleEvent event = decodeOrRefuse(splice(STARTUP, "\"identity\":\"", new byte[] {(byte) 0xFF}));
        if (event != null) {
            assertThat(event.identity()).startsWith("\ufffd");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "{}", "]", "}", ",", "null", "{\"protocol\":\"io.choria.lifecycle.v1.startup\"}"})
    void trailingGarbageIsRefused(String garbage) {
        assertThat(refusal(bytes(STARTUP + garbage))).isNotBlank();
        assertThat(refusal(bytes(STARTUP + " \n" + garbage))).isNotBlank();
    }

    @Test
    void trailingWhitespaceIsFine() {
        assertThat(Lifecycle.fromJson(bytes(" \n" + STARTUP + " \r\n\t")).toString()).isEqualTo("[startup] n: c version 1");
    }

    /** The encode vectors in both formats and the decode vectors that must decode. */
    static List<byte[]> validInputs() {
        List<byte[]> inputs = new ArrayList<>();
        for (JsonNode c : ConformanceFiles.cases("encode")) {
            inputs.add(bytes(c.get("choria").asText()));
            inputs.add(bytes(c.get("cloudevent").asText()));
        }
        for (JsonNode c : ConformanceFiles.cases("decode")) {
            if (!c.has("error")) {
                inputs.add(bytes(c.get("json").asText()));
            }
        }
        return inputs;
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    /** {@code json} with {@code insert} placed right after the first occurrence of {@code after}. */
    private static byte[] splice(String json, String after, byte[] insert) {
        int at = json.indexOf(after) + after.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(json.substring(0, at)));
        out.writeBytes(insert);
        out.writeBytes(bytes(json.substring(at)));
        return out.toByteArray();
    }
}
