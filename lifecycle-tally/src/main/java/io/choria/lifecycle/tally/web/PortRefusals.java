package io.choria.lifecycle.tally.web;

/**
 * Where the port counts what it refuses because a limit was reached or a client could not be
 * let in (the tally's {@code <prefix>_http_refused{reason}}): nothing a client sends goes
 * uncounted, and none of it writes a log line per request.
 */
public interface PortRefusals {
    /** A connection over the limit per client address or in all. */
    String CONNECTION_LIMIT = "connection_limit";
    /** A request over {@code rate_limit} (answered 429). */
    String RATE_LIMIT = "rate_limit";
    /** A TLS handshake that failed: no or a refused client certificate, no common version or suite, a timeout. */
    String TLS_HANDSHAKE = "tls_handshake";

    /** Counts one refusal for {@code reason}, one of the constants above. */
    void refused(String reason);

    /** Counts nothing. */
    PortRefusals NONE = reason -> { };
}
