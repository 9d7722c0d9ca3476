package io.choria.lifecycle.tally.web;

import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a refused TLS client visible, as Go's server does with its {@code http: TLS handshake
 * error from ADDR: REASON} line: each failed handshake is counted in
 * {@code <prefix>_http_refused{reason="tls_handshake"}} and one line with the peer and the reason
 * is logged per {@value IntervalLog#INTERVAL_SECONDS} s at most (Go logs every one). The client
 * itself gets the TLS alert the JDK chose ({@code certificate_required}, {@code bad_certificate},
 * {@code handshake_failure}, ...), which Jetty sends before it closes.
 */
final class HandshakeFailures implements SslHandshakeListener {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeFailures.class);
    private final PortRefusals refusals;
    private final IntervalLog log;

    HandshakeFailures(PortRefusals refusals) {
        this(refusals, new IntervalLog(LOG));
    }

    HandshakeFailures(PortRefusals refusals, IntervalLog log) {
        this.refusals = refusals;
        this.log = log;
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        refusals.refused(PortRefusals.TLS_HANDSHAKE);
        SSLEngine engine = event.getSSLEngine();
        log.warn("TLS handshake error from " + engine.getPeerHost() + ":" + engine.getPeerPort() + ": " + reason(failure));
    }

    /**
     * The failure in one line without Java class names: what the JDK says with its class prefixes
     * left out, in Go's words where the JDK's would puzzle an operator.
     */
    static String reason(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null && message == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return failure instanceof java.util.concurrent.TimeoutException ? "timed out" : "connection closed";
        }
        if (message.contains("validity check failed") || message.contains("NotAfter") || message.contains("expired")) {
            return "the client certificate has expired or is not valid yet";
        }
        if (message.contains("PKIX path") || message.contains("unable to find valid certification path")) {
            return "the client certificate is not signed by client_ca_file";
        }
        if (message.contains("Empty client certificate chain") || message.contains("no client certificate")) {
            return "the client sent no certificate";
        }
        return message.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*: ?", "")
                .replaceAll("[\\r\\n\\t]+", " ").trim();
    }
}
