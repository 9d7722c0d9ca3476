package io.choria.lifecycle.cli.command;

/**
 * One piece of an input stream cut by {@link JsonStreamSplitter}: the bytes of a top-level JSON
 * value (or of a line of junk, for the decoder to refuse), or why the piece had to be dropped.
 *
 * @param line the input line the piece starts on, from 1
 * @param json the bytes, null when {@code error} is set
 * @param error why the piece could not be cut out (truncated, too large), else null
 */
public record JsonChunk(long line, byte[] json, String error) {

    public static JsonChunk of(long line, byte[] json) {
        return new JsonChunk(line, json, null);
    }

    public static JsonChunk failed(long line, String error) {
        return new JsonChunk(line, null, error);
    }

    /** Whether the piece could not be cut out, see {@link #error()}. */
    public boolean failed() {
        return error != null;
    }
}
