package io.choria.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pieces of Go's standard library the reference's texts and decisions come from, ported where
 * Java's own differ: every expectation here is what Go 1.19.8 (the reference's build) printed for
 * the same input ({@code url.Parse}, {@code strconv.Quote}, {@code %v} of a float64,
 * {@code base64.StdEncoding}, {@code utf8.DecodeRune}).
 */
class GoStandardLibraryPortsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "io.choria.lifecycle|true", "x|true", "::|false", ":x|false", "a:b|true", "1:x|false", "a/b:c|true",
        "/a:b|true", "http://h/p|true", "http://[::1|false", "http://[::1]:80/|true", "http://h:x/|false",
        "http://h:80|true", "%zz|false", "a%2|false", "a%41|true", "http://h%41/|false", "http://h%e2%82%ac/|true",
        "http://u@h/|true", "http://u:p@h/|true", "http://u^x@h/|false", "http://h^/|false", "x y|true",
        "http://h h/|false", "mailto:a@b|true", "//h/p|true", "///p|true", "x#%zz|false", "x#a b|true", "*|true",
        "http://[::1%25en0]/|true", "http://h:/|true", "?a=b|true", "a?%zz|true", "http://h/a%zz|false", "é|true",
        "http://é/|true"})
    void urlParseAcceptsWhatGoAccepts(String url, boolean parses) {
        assertThat(GoUrl.parses(url)).as(url).isEqualTo(parses);
    }

    @Test
    void urlParseRefusesControlCharacters() {
        assertThat(GoUrl.parses("x\u007f")).isFalse();
        assertThat(GoUrl.parses("x\ny")).isFalse();
        assertThat(GoUrl.parses("x#\n")).as("only before the fragment").isTrue();
    }

    @Test
    void quotesAsStrconvQuote() {
        assertThat(GoQuote.of("a")).isEqualTo("\"a\"");
        assertThat(GoQuote.of("é😀")).isEqualTo("\"é😀\"");
        assertThat(GoQuote.of("\u0000\u007f")).isEqualTo("\"\\x00\\x7f\"");
        assertThat(GoQuote.of("\u200b\u00a0\u2028\ufeff\u0378")).isEqualTo("\"\\u200b\\u00a0\\u2028\\ufeff\\u0378\"");
        assertThat(GoQuote.of("\"\\")).isEqualTo("\"\\\"\\\\\"");
        assertThat(GoQuote.of("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
        assertThat(GoQuote.of(new String(Character.toChars(0xe0001)))).isEqualTo("\"\\U000e0001\"");
        assertThat(GoQuote.of("\ud800")).as("half a pair, which Go cannot hold, is U+FFFD").isEqualTo("\"\ufffd\"");
        assertThat(GoQuote.of("x".repeat(500))).isEqualTo("\"" + "x".repeat(200) + "\"...");
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1.5, 1.5", "3e9, 3e+09", "2147483648, 2.147483648e+09", "-3e9, -3e+09", "123456, 123456",
        "1234567, 1.234567e+06", "0.0001, 0.0001", "0.00001, 1e-05", "1e21, 1e+21", "1e20, 1e+20", "100000, 100000"})
    void printsFloatsAsPercentV(double value, String printed) {
        assertThat(GoValueText.goFloat(value)).isEqualTo(printed);
    }

    @Test
    void decodesBase64AsStdEncoding() {
        assertThat(new String(GoBase64.decode(bytes("YWJj")), UTF_8)).isEqualTo("abc");
        assertThat(new String(GoBase64.decode(bytes("YW\r\nJj\n")), UTF_8)).as("newlines skipped").isEqualTo("abc");
        assertThat(new String(GoBase64.decode(bytes("YQ==")), UTF_8)).isEqualTo("a");
        assertThat(new String(GoBase64.decode(bytes("YWI=")), UTF_8)).isEqualTo("ab");
        assertThat(GoBase64.decode(bytes(""))).isEmpty();
        assertThatThrownBy(() -> GoBase64.decode(bytes("YQ"))).hasMessage("illegal base64 data at input byte 0");
        assertThatThrownBy(() -> GoBase64.decode(bytes("YQ="))).hasMessage("illegal base64 data at input byte 3");
        assertThatThrownBy(() -> GoBase64.decode(bytes("Y"))).hasMessage("illegal base64 data at input byte 0");
        assertThatThrownBy(() -> GoBase64.decode(bytes("***"))).hasMessage("illegal base64 data at input byte 0");
        assertThatThrownBy(() -> GoBase64.decode(bytes("YWJj\nZA"))).hasMessage("illegal base64 data at input byte 5");
        assertThatThrownBy(() -> GoBase64.decode(bytes("YQ==YQ=="))).hasMessage("illegal base64 data at input byte 4");
        assertThatThrownBy(() -> GoBase64.decode(bytes("Y=Q="))).hasMessage("illegal base64 data at input byte 1");
        assertThatThrownBy(() -> GoBase64.decode(bytes("YQ=x"))).hasMessage("illegal base64 data at input byte 2");
        String event = Base64.getEncoder().encodeToString(bytes("{\"protocol\":1}"));
        assertThat(new String(GoBase64.decode(bytes(event)), UTF_8)).isEqualTo("{\"protocol\":1}");
    }

    @Test
    void replacesEachByteGoDecodesAsAnInvalidRune() {
        byte[] ok = bytes("ascii é 😀 \u2028");
        assertThat(GoUtf8.replaceInvalid(ok)).isSameAs(ok);
        assertThat(GoUtf8.replaceInvalid(new byte[] {'a', (byte) 0xff, 'b'})).isEqualTo(bytes("a\ufffdb"));
        assertThat(GoUtf8.replaceInvalid(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}))
                .as("a surrogate, one U+FFFD per byte").isEqualTo(bytes("\ufffd\ufffd\ufffd"));
        assertThat(GoUtf8.replaceInvalid(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, 'x'}))
                .as("a cut sequence, per byte too").isEqualTo(bytes("\ufffd\ufffd\ufffdx"));
        assertThat(GoUtf8.replaceInvalid(new byte[] {(byte) 0xc0, (byte) 0x80, (byte) 0xe0, (byte) 0x80, (byte) 0xaf}))
                .as("overlong forms").isEqualTo(bytes("\ufffd".repeat(5)));
        assertThat(GoUtf8.replaceInvalid(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .as("above U+10FFFF").isEqualTo(bytes("\ufffd".repeat(4)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
