package io.choria.lifecycle.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into top-level JSON objects without reading it all: one per line,
 * pretty-printed, or concatenated. It only matches braces (aware of strings and escapes); the
 * decoder judges the bytes. Anything else on a line is one chunk of junk, up to the line's end.
 *
 * <p>Recovery, so that one bad event never swallows the good ones after it: while inside an
 * unfinished object, a <code>{</code> in the first column of a line starts a new object and the
 * unfinished one is reported truncated (pretty printers indent nested objects, so this only
 * misfires on input no lifecycle event produces). An object or junk line over the size limit
 * is reported and skipped, holding at most the limit in memory. A byte-order mark is not
 * skipped: it starts a junk line, which the decoder refuses as the reference's does.
 */
public final class JsonStreamSplitter {
    /** Default bound on one event: lifecycle events are a few hundred bytes. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private boolean atLineStart = true;
    private final ByteArrayOutputStream piece = new ByteArrayOutputStream(1024);
    private boolean oversize;
    private boolean ended;

    /** Splits {@code in}, refusing pieces over {@code maxBytes}. */
    public JsonStreamSplitter(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Splits {@code in} with the {@link #DEFAULT_MAX_BYTES} bound. */
    public JsonStreamSplitter(InputStream in) {
        this(in, DEFAULT_MAX_BYTES);
    }

    /** The next piece, or null at the end of the input. */
    public JsonChunk next() throws IOException {
        int b = skipWhitespace();
        if (b < 0) {
            return null;
        }
        piece.reset();
        oversize = false;
        long start = line;
        keep(b);
        return b == '{' ? readObject(start) : readJunkLine(start);
    }

    private JsonChunk readObject(long start) throws IOException {
        int depth = 1;
        boolean inString = false;
        boolean escaped = false;
        while (true) {
            boolean firstColumn = atLineStart;
            int b = read();
            if (b < 0) {
                return finish(start, "truncated event: the input ended inside it");
            }
            if (firstColumn && b == '{') {
                unread();
                return finish(start, "truncated event: a new event starts on line " + line + " before it ended");
            }
            keep(b);
            if (escaped) {
                escaped = false;
            } else if (inString) {
                inString = b != '"';
                escaped = b == '\\';
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return finish(start, null);
            }
        }
    }

    private JsonChunk readJunkLine(long start) throws IOException {
        for (int b = read(); b >= 0 && b != '\n'; b = read()) {
            keep(b);
        }
        return finish(start, null);
    }

    /** The piece read so far, or the error that replaces it (oversize wins). */
    private JsonChunk finish(long start, String error) {
        if (oversize) {
            return JsonChunk.failed(start, "event larger than " + maxBytes + " bytes, skipped");
        }
        if (error != null) {
            return JsonChunk.failed(start, error);
        }
        byte[] bytes = piece.toByteArray();
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\r' || bytes[length - 1] == ' ' || bytes[length - 1] == '\t')) {
            length--;
        }
        return JsonChunk.of(start, length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }

    private void keep(int b) {
        if (oversize) {
            return;
        }
        if (piece.size() >= maxBytes) {
            oversize = true;
            piece.reset();
            return;
        }
        piece.write(b);
    }

    private int skipWhitespace() throws IOException {
        int b;
        do {
            b = read();
        } while (b == ' ' || b == '\t' || b == '\r' || b == '\n');
        return b;
    }

    private int read() throws IOException {
        if (position == limit) {
            // once ended, never read again: on a terminal that would wait for a second end of input
            limit = ended ? -1 : in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                ended = true;
                return -1;
            }
        }
        int b = buffer[position++] & 0xff;
        atLineStart = b == '\n';
        if (atLineStart) {
            line++;
        }
        return b;
    }

    /** Gives back the byte just read, a <code>{</code> that was at the start of a line. */
    private void unread() {
        position--;
        atLineStart = true;
    }
}
