package io.choria.lifecycle.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonStreamSplitterTest {

    /** Each piece as its text, or "!line N: error" for a failed one. */
    private static List<String> split(String input, int maxBytes) throws IOException {
        return split(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), maxBytes);
    }

    private static List<String> split(InputStream in, int maxBytes) throws IOException {
        JsonStreamSplitter splitter = new JsonStreamSplitter(in, maxBytes);
        List<String> pieces = new ArrayList<>();
        for (JsonChunk c = splitter.next(); c != null; c = splitter.next()) {
            pieces.add(c.failed() ? "!line " + c.line() + ": " + c.error() : new String(c.json(), StandardCharsets.UTF_8));
        }
        return pieces;
    }

    private static List<String> split(String input) throws IOException {
        return split(input, JsonStreamSplitter.DEFAULT_MAX_BYTES);
    }

    @Test
    void oneObjectPerLine() throws IOException {
        assertThat(split("{\"a\":1}\n{\"b\":2}\n")).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void prettyPrintedObjectsConcatenated() throws IOException {
        String first = "{\n  \"a\": {\n    \"x\": [1, {\"y\": 2}]\n  }\n}";
        String second = "{\n    \"b\": \"two\"\n}";

        assertThat(split(first + second + "\n" + first)).containsExactly(first, second, first);
    }

    @Test
    void objectsOnOneLineWithoutSeparators() throws IOException {
        assertThat(split("{\"a\":1}{\"b\":2} {\"c\":3}")).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void bracesAndEscapedQuotesInsideStringsAreText() throws IOException {
        String tricky = "{\"a\":\"}{\\\"}\\\\\",\"b\":\"[\"}";

        assertThat(split(tricky + "\n{\"c\":1}")).containsExactly(tricky, "{\"c\":1}");
    }

    @Test
    void aLineOfJunkIsOnePieceForTheDecoderToRefuse() throws IOException {
        assertThat(split("{\"a\":1}\nsome junk { here\n{\"b\":2}"))
                .containsExactly("{\"a\":1}", "some junk { here", "{\"b\":2}");
    }

    @Test
    void aTruncatedObjectEndsWhereAnObjectStartsInTheFirstColumn() throws IOException {
        assertThat(split("{\"a\":\"unfinished\n{\"b\":2}\n  {\"c\":\n{\"d\":4}"))
                .containsExactly("!line 1: truncated event: a new event starts on line 2 before it ended",
                        "{\"b\":2}",
                        "!line 3: truncated event: a new event starts on line 4 before it ended",
                        "{\"d\":4}");
    }

    @Test
    void anObjectCutByTheEndOfInputIsReported() throws IOException {
        assertThat(split("{\"a\":1}\n{\"b\":")).containsExactly("{\"a\":1}", "!line 2: truncated event: the input ended inside it");
    }

    @Test
    void emptyAndBlankInputHaveNoPieces() throws IOException {
        assertThat(split("")).isEmpty();
        assertThat(split(" \r\n\t\n\n")).isEmpty();
    }

    @Test
    void crlfLineEndsAndBlankLinesAreFine() throws IOException {
        assertThat(split("{\"a\":1}\r\n\r\n{\r\n  \"b\": 2\r\n}\r\njunk\r\n"))
                .containsExactly("{\"a\":1}", "{\r\n  \"b\": 2\r\n}", "junk");
    }

    @Test
    void anOversizeObjectIsReportedAndSkippedUpToItsEnd() throws IOException {
        String big = "{\"a\":\"" + "x".repeat(100) + "\",\"b\":{\"c\":\"}\"}}";

        assertThat(split(big + "\n{\"d\":1}\n" + "y".repeat(200) + "\n{\"e\":2}", 64))
                .containsExactly("!line 1: event larger than 64 bytes, skipped", "{\"d\":1}",
                        "!line 3: event larger than 64 bytes, skipped", "{\"e\":2}");
    }

    @Test
    void anObjectOfExactlyTheLimitIsKept() throws IOException {
        String exact = "{\"a\":\"" + "x".repeat(56) + "\"}";
        assertThat(exact).hasSize(64);

        assertThat(split(exact, 64)).containsExactly(exact);
    }

    @Test
    void countsLinesForErrors() throws IOException {
        assertThat(split("\n\n{\"a\":\n1}\n\n{\"b\"")).containsExactly("{\"a\":\n1}", "!line 6: truncated event: the input ended inside it");
    }

    @Test
    void piecesSpanningReadBuffersAreWhole() throws IOException {
        String event = "{\"identity\":\"" + "n".repeat(100_000) + "\"}";
        InputStream trickle = new ByteArrayInputStream((event + "\n" + event).getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7)); // tiny reads, like a slow pipe
            }
        };

        assertThat(split(trickle, JsonStreamSplitter.DEFAULT_MAX_BYTES)).containsExactly(event, event);
    }

    @Test
    void multiByteUtf8IsPassedThroughUntouched() throws IOException {
        String unicode = "{\"identity\":\"nöde-日本-🚀 \\\"{\"}";

        assertThat(split(unicode + "\n" + unicode)).containsExactly(unicode, unicode);
    }

    @Test
    void neverReadsAgainAfterTheEndOfInput() throws IOException {
        int[] endsSeen = {0};
        InputStream once = new ByteArrayInputStream("{\"a\":".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0 && ++endsSeen[0] > 1) {
                    throw new IllegalStateException("read past the end, a terminal would block here");
                }
                return n;
            }
        };

        assertThat(split(once, 1024)).containsExactly("!line 1: truncated event: the input ended inside it");
        assertThat(endsSeen[0]).isEqualTo(1);
    }

    /** Go's decoder refuses a byte-order mark, so the splitter keeps it for the decoder to refuse, as it does. */
    @Test
    void aByteOrderMarkIsPartOfTheLineItStarts() throws IOException {
        byte[] input = "\uFEFF{\"a\":1}\n{\"b\":2}".getBytes(StandardCharsets.UTF_8);

        assertThat(split(new ByteArrayInputStream(input), 1024)).containsExactly("\uFEFF{\"a\":1}", "{\"b\":2}");
        byte[] partialMark = {(byte) 0xef, (byte) 0xbb, '\n', '{', '}'};
        assertThat(split(new ByteArrayInputStream(partialMark), 1024)).hasSize(2).last().isEqualTo("{}");
    }
}
