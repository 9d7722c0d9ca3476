package io.choria.lifecycle.nats;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** Turns the exception chain of a failed connect into one line a person can act on. */
final class ConnectionFailures {
    private ConnectionFailures() {
    }

    /** Why connecting failed: from the last reported exception, else from {@code thrown}. */
    static String explain(Exception reported, Exception thrown) {
        Throwable cause = reported != null ? reported : thrown;
        Throwable cert = find(cause, CertificateException.class, CertPathValidatorException.class);
        if (cert != null) {
            return "the broker's TLS certificate is not acceptable: " + message(cert);
        }
        Throwable ssl = find(cause, SSLException.class);
        if (ssl != null) {
            String m = message(ssl);
            if (m.contains("alert")) {
                return "the broker refused the TLS handshake (" + m + "); is the client certificate signed by"
                        + " the broker's CA?";
            }
            return "TLS failed: " + m;
        }
        if (find(cause, ConnectException.class) != null) {
            return "connection refused";
        }
        if (find(cause, UnknownHostException.class) != null) {
            return "unknown host " + message(find(cause, UnknownHostException.class));
        }
        if (find(cause, SocketTimeoutException.class) != null) {
            return "timed out";
        }
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return message(root);
    }

    @SafeVarargs
    private static Throwable find(Throwable t, Class<? extends Throwable>... kinds) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (Class<? extends Throwable> k : kinds) {
                if (k.isInstance(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
