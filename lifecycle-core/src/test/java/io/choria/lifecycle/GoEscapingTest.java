package io.choria.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strings are escaped exactly as Go's encoding/json writes them, so our bytes equal the reference's. */
class GoEscapingTest {

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("<", "\\u003c"),
                Arguments.of(">", "\\u003e"),
                Arguments.of("&", "\\u0026"),
                Arguments.of("<a href=\"x\">&amp;</a>", "\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e"),
                Arguments.of("\u2028", "\\u2028"),
                Arguments.of("\u2029", "\\u2029"),
                Arguments.of("\n", "\\n"),
                Arguments.of("\r", "\\r"),
                Arguments.of("\t", "\\t"),
                Arguments.of("\b", "\\u0008"),
                Arguments.of("\f", "\\u000c"),
                Arguments.of("\u0000", "\\u0000"),
                Arguments.of("\u0001", "\\u0001"),
                Arguments.of("\u001b", "\\u001b"),
                Arguments.of("\u001f", "\\u001f"),
                Arguments.of("\"", "\\\""),
                Arguments.of("\\", "\\\\"),
                Arguments.of("/", "/"),
                Arguments.of("\u007f", "\u007f"),
                Arguments.of("\u0085", "\u0085"),
                Arguments.of("\u00a0", "\u00a0"),
                Arguments.of("é ß 日本語", "é ß 日本語"),
                Arguments.of("\ufeff", "\ufeff"),
                Arguments.of("😀", "😀"),
                Arguments.of("\uD834\uDD1E", "\uD834\uDD1E"),
                Arguments.of("\uD800", "\ufffd"),
                Arguments.of("a\uDFFFb", "a\ufffdb"),
                Arguments.of("\uDE00\uD83D", "\ufffd\ufffd"),
                Arguments.of("", ""));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void writesStringsAsGo(String value, String expected) {
        LifecycleEvent event = Lifecycle.newEvent(EventType.SHUTDOWN, EventOption.id("i"),
                EventOption.identity(value), EventOption.component("c"));
        event.setUnixTimestamp(1);

        String choria = new String(Lifecycle.toJson(event, WireFormat.CHORIA), UTF_8);
        String cloud = new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8);

        assertThat(choria).isEqualTo("{\"protocol\":\"io.choria.lifecycle.v1.shutdown\",\"id\":\"i\",\"identity\":\""
                + expected + "\",\"component\":\"c\",\"timestamp\":1}");
        assertThat(cloud).contains("\"subject\":\"" + expected + "\",");
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
