package io.choria.lifecycle.nats;

import io.choria.lifecycle.nats.internal.BrokerTrustManager;

import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.internal.TlsAwareDataPort;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Turns the exception chain of a failed connect into one line a person can act on, and the
 * {@link Reason} a program can: {@code REFUSED} when the broker turned this client away (or most
 * likely did), {@code INVALID_INPUT} when our own settings do not fit the broker (TLS on one side
 * only, a broker certificate our CA does not vouch for), {@code NOT_CONNECTED} when no broker answered.
 */
final class ConnectionFailures {

    /** Why connecting failed. */
    record Explained(Reason reason, String text) {
    }

    private ConnectionFailures() {
    }

    /**
     * Why connecting failed: the most telling of the exceptions jnats reported, else {@code thrown}.
     * {@code tls} is the client's TLS files, null for a plain connection.
     */
    static Explained explain(List<Exception> reported, Exception thrown, TlsFiles tls) {
        List<Throwable> all = new ArrayList<>();
        for (Exception e : reported) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                all.add(c);
            }
        }
        for (Throwable c = thrown; c != null; c = c.getCause()) {
            all.add(c);
        }
        // jnats' own words when one side wants TLS and the other does not
        if (mentions(all, "SSL required by server")) {
            return new Explained(Reason.REFUSED,
                    "the broker requires TLS, but no TLS certificate, key and CA are configured");
        }
        if (mentions(all, "SSL connection wanted by client")) {
            return new Explained(Reason.INVALID_INPUT, "TLS is configured, but the broker does not offer it");
        }
        Throwable explained = find(all, BrokerTrustManager.BrokerCertificateException.class);
        if (explained != null) {
            return new Explained(Reason.INVALID_INPUT, message(explained));
        }
        Throwable cert = find(all, CertificateException.class, CertPathValidatorException.class);
        if (cert != null) {
            return new Explained(Reason.INVALID_INPUT, "the broker's TLS certificate is not acceptable: " + message(cert));
        }
        Throwable ssl = find(all, SSLException.class);
        if (ssl != null) {
            String m = message(ssl);
            if (m.startsWith(TlsAwareDataPort.DROPPED_DURING_HANDSHAKE) && tls != null) {
                return new Explained(Reason.REFUSED, m + ": most likely it refused the TLS client certificate "
                        + tls.certificate() + "; is it signed by the broker's CA?");
            }
            return m.contains("alert") ? new Explained(Reason.REFUSED, refusedBy(m, tls))
                    : new Explained(Reason.NOT_CONNECTED, "TLS failed: " + m);
        }
        if (find(all, ConnectException.class) != null) {
            return new Explained(Reason.NOT_CONNECTED, "connection refused");
        }
        if (mentions(all, "No responsive IP found")) {
            return new Explained(Reason.NOT_CONNECTED, "connection refused or no answer, at every address of the host");
        }
        Throwable unknownHost = find(all, UnknownHostException.class);
        if (unknownHost != null) {
            return new Explained(Reason.NOT_CONNECTED, "unknown host " + message(unknownHost));
        }
        if (find(all, TimeoutException.class) != null && tls != null) {
            return new Explained(Reason.REFUSED, "the TLS handshake did not complete in time; most likely the broker"
                    + " refused the TLS client certificate " + tls.certificate() + " (is it signed by the broker's CA?)");
        }
        if (find(all, SocketTimeoutException.class, TimeoutException.class) != null) {
            return new Explained(Reason.NOT_CONNECTED, "no answer in time");
        }
        return new Explained(Reason.NOT_CONNECTED, message(all.get(all.size() - 1)));
    }

    /** What a TLS alert from the broker means for the client's certificate, e.g. {@code bad_certificate}. */
    private static String refusedBy(String alert, TlsFiles tls) {
        String certificate = tls == null ? "" : " " + tls.certificate();
        if (alert.contains("certificate_expired")) {
            return "the broker says the TLS client certificate" + certificate + " has expired (" + alert + ")";
        }
        if (alert.contains("certificate_revoked")) {
            return "the broker says the TLS client certificate" + certificate + " is revoked (" + alert + ")";
        }
        if (alert.contains("protocol_version") || alert.contains("handshake_failure")
                || alert.contains("insufficient_security")) {
            return "the broker and this client share no TLS version or cipher (" + alert + ")";
        }
        return "the broker refused the TLS client certificate" + certificate + "; is it signed by the broker's CA? ("
                + alert + ")";
    }

    private static boolean mentions(List<Throwable> all, String text) {
        return all.stream().anyMatch(t -> t.getMessage() != null && t.getMessage().contains(text));
    }

    @SafeVarargs
    private static Throwable find(List<Throwable> all, Class<? extends Throwable>... kinds) {
        for (Throwable c : all) {
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
