package io.choria.lifecycle.tally.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Requests as a hostile client writes them, on a plain socket: paths and request lines that no
 * HTTP client library would send ({@code //x}, {@code *}, {@code CONNECT}, garbage).
 */
final class RawHttp {
    private RawHttp() {
    }

    /** The response, headers and body, to {@code requestLine} with a Host header, the extra header lines, and close. */
    static String send(int port, String requestLine, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        boolean host = false;
        for (String h : headerLines) {
            request.append(h).append("\r\n");
            host |= h.regionMatches(true, 0, "Host:", 0, 5);
        }
        if (!host) {
            request.append("Host: 127.0.0.1\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return exchange(port, request.toString());
    }

    /** The response to {@code bytes} sent as they are, read until the server closes or 5 s pass. */
    static String exchange(int port, String bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // what came is the answer; the server keeps the connection, which the caller sees
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The status line of {@code response}. */
    static String statusLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }
}
