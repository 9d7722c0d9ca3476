package io.choria.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strings are escaped exactly as the reference writes them: encoding/json for the Choria object, json-iterator for the envelope. */
class GoEscapingTest {

    /**
     * A string, how Go's encoding/json writes it (the Choria object, a CloudEvent's data), and how
     * the SDK writes it as the envelope's subject: trimmed of white space, left out when empty, and
     * escaped by json-iterator, which leaves {@code < > &} and U+2028/U+2029 as they are (null: no subject).
     */
    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("<", "\\u003c", "<"),
                Arguments.of(">", "\\u003e", ">"),
                Arguments.of("&", "\\u0026", "&"),
                Arguments.of("<a href=\"x\">&amp;</a>", "\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e",
                        "<a href=\\\"x\\\">&amp;</a>"),
                Arguments.of("\u2028", "\\u2028", null),
                Arguments.of("\u2029", "\\u2029", null),
                Arguments.of("a\u2028b\u2029c", "a\\u2028b\\u2029c", "a\u2028b\u2029c"),
                Arguments.of("\n", "\\n", null),
                Arguments.of("\r", "\\r", null),
                Arguments.of("\t", "\\t", null),
                Arguments.of("a\nb\rc\td", "a\\nb\\rc\\td", "a\\nb\\rc\\td"),
                Arguments.of("\b", "\\u0008", "\\u0008"),
                Arguments.of("\f", "\\u000c", null),
                Arguments.of("a\fb", "a\\u000cb", "a\\u000cb"),
                Arguments.of("\u0000", "\\u0000", "\\u0000"),
                Arguments.of("\u0001", "\\u0001", "\\u0001"),
                Arguments.of("\u001b", "\\u001b", "\\u001b"),
                Arguments.of("\u001f", "\\u001f", "\\u001f"),
                Arguments.of("\"", "\\\"", "\\\""),
                Arguments.of("\\", "\\\\", "\\\\"),
                Arguments.of("/", "/", "/"),
                Arguments.of("\u007f", "\u007f", "\u007f"),
                Arguments.of("\u0085", "\u0085", null),
                Arguments.of("\u00a0", "\u00a0", null),
                Arguments.of(" padded\u3000", " padded\u3000", "padded"),
                Arguments.of("\u200b\u180e", "\u200b\u180e", "\u200b\u180e"),
                Arguments.of("é ß 日本語", "é ß 日本語", "é ß 日本語"),
                Arguments.of("\ufeff", "\ufeff", "\ufeff"),
                Arguments.of("😀", "😀", "😀"),
                Arguments.of("\uD834\uDD1E", "\uD834\uDD1E", "\uD834\uDD1E"),
                Arguments.of("\uD800", "\ufffd", "\ufffd"),
                Arguments.of("a\uDFFFb", "a\ufffdb", "a\ufffdb"),
                Arguments.of("\uDE00\uD83D", "\ufffd\ufffd", "\ufffd\ufffd"),
                Arguments.of("", "", null));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void writesStringsAsGo(String value, String goJson, String subject) {
        LifecycleEvent event = Lifecycle.newEvent(EventType.SHUTDOWN, EventOption.id("i"),
                EventOption.identity(value), EventOption.component("c"));
        event.setUnixTimestamp(1);

        String choria = new String(Lifecycle.toJson(event, WireFormat.CHORIA), UTF_8);
        String cloud = new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8);

        String data = "{\"protocol\":\"io.choria.lifecycle.v1.shutdown\",\"id\":\"i\",\"identity\":\""
                + goJson + "\",\"component\":\"c\",\"timestamp\":1}";
        assertThat(choria).isEqualTo(data);
        assertThat(cloud).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"i\",\"source\":\"io.choria.lifecycle\","
                + "\"type\":\"io.choria.lifecycle.v1.shutdown\","
                + (subject == null ? "" : "\"subject\":\"" + subject + "\",")
                + "\"datacontenttype\":\"application/json\",\"time\":\"1970-01-01T00:00:01Z\",\"data\":" + data + "}");
    }

    @Test
    void theEnvelopeIdIsTrimmedAndTheZeroTimeLeftOutAsTheSdkDoes() {
        LifecycleEvent event = Lifecycle.newEvent(EventType.SHUTDOWN, EventOption.id("\t<id>\n"),
                EventOption.identity("n"), EventOption.component("c"));
        event.setUnixTimestamp(-62135596800L); // Go's zero time.Time, 0001-01-01T00:00:00Z
        String cloud = new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8);
        assertThat(cloud).startsWith("{\"specversion\":\"1.0\",\"id\":\"<id>\",")
                .doesNotContain("\"time\"")
                .contains("\"data\":{\"protocol\":\"io.choria.lifecycle.v1.shutdown\",\"id\":\"\\t\\u003cid\\u003e\\n\"");
        event.setUnixTimestamp(-62135596799L);
        assertThat(new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8))
                .contains("\"time\":\"0001-01-01T00:00:01Z\"");
    }

    @Test
    void writesAstralCharactersAsFourBytesOfUtf8NotAsSurrogateEscapes() {
        LifecycleEvent event = Lifecycle.newEvent(EventType.SHUTDOWN, EventOption.identity("😀"), EventOption.component("c"));
        byte[] bytes = Lifecycle.toJson(event);
        assertThat(new String(bytes, UTF_8)).doesNotContain("\\u").contains("\"identity\":\"😀\"");
        assertThat(indexOf(bytes, new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80})).isPositive();
    }

    @Test
    void readsEscapedLoneSurrogatesAsReplacementCharacters() {
        String json = "{\"protocol\":\"io.choria.lifecycle.v1.shutdown\",\"identity\":\"x\\ud800y\",\"component\":\"\\udc00\"}";
        LifecycleEvent event = Lifecycle.fromJson(json.getBytes(UTF_8));
        assertThat(event.identity()).isEqualTo("x\ufffdy");
        assertThat(event.component()).isEqualTo("\ufffd");
        assertThat(new String(Lifecycle.toJson(event), UTF_8)).contains("\"identity\":\"x\ufffdy\"");
    }

    @Test
    void readsEscapedSurrogatePairsAsOneCharacter() {
        String json = "{\"protocol\":\"io.choria.lifecycle.v1.shutdown\",\"identity\":\"\\ud83d\\ude00\\u003c\"}";
        assertThat(Lifecycle.fromJson(json.getBytes(UTF_8)).identity()).isEqualTo("😀<");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
