package io.choria.lifecycle.nats.internal;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;

/** Checks of our own TLS files that the broker would otherwise only answer with a dropped connection. */
final class Certificates {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Certificates() {
    }

    /**
     * Checks that the client certificate (the first of {@code file}) is valid at {@code now}.
     *
     * @throws LifecycleException naming the file, the certificate and the date
     */
    static void checkClientCertificate(Path file, X509Certificate certificate, Instant now) {
        check("the TLS certificate", file, certificate, now, "the broker refuses it, renew it");
    }

    /**
     * Checks that at least one CA of {@code file} is valid at {@code now} (a bundle may hold retired ones).
     *
     * @throws LifecycleException naming the file, the first CA and its date
     */
    static void checkCaCertificates(Path file, List<X509Certificate> cas, Instant now) {
        LifecycleException first = null;
        for (X509Certificate ca : cas) {
            try {
                check("the TLS CA", file, ca, now, "no broker certificate can be trusted through it");
                return;
            } catch (LifecycleException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private static void check(String what, Path file, X509Certificate c, Instant now, String consequence) {
        String which = what + " " + file + " (" + c.getSubjectX500Principal().getName() + ")";
        if (now.isAfter(c.getNotAfter().toInstant())) {
            throw new LifecycleException(Reason.INVALID_INPUT, which + " expired on " + date(c.getNotAfter()) + "; " + consequence);
        }
        if (now.isBefore(c.getNotBefore().toInstant())) {
            throw new LifecycleException(Reason.INVALID_INPUT, which + " is not valid before " + date(c.getNotBefore())
                    + "; check this machine's clock");
        }
    }

    /** A certificate date as people read it, in UTC. */
    static String date(Date date) {
        return DATE.format(date.toInstant());
    }
}
