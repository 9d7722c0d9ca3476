package io.choria.lifecycle.tally.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A whole response written at once, with its length: what every handler of the port answers
 * except the live feed. For HEAD, Jetty sends the headers of the same answer without its body.
 */
final class Reply {
    static final String TEXT = "text/plain; charset=utf-8";

    private Reply() {
    }

    /** {@code text} and a line break as {@code text/plain}, as Go's {@code http.Error} writes it. */
    static boolean text(Response response, Callback callback, int status, String text) {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        return bytes(response, callback, status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static boolean bytes(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
