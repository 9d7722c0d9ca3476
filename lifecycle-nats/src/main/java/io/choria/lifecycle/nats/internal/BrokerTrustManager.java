package io.choria.lifecycle.nats.internal;

import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager for the broker's certificate, with its refusals said in an
 * operator's words: which certificate, and whether it is expired, from another CA or issued for
 * another host. The JDK's own messages ("PKIX path building failed:
 * sun.security.provider.certpath.SunCertPathBuilderException", "validity check failed") say none
 * of that. The decision itself is always the JDK's.
 */
public final class BrokerTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final Path caFile;

    BrokerTrustManager(X509ExtendedTrustManager pkix, Path caFile) {
        this.pkix = pkix;
        this.caFile = caFile;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw explain(e, chain, authType, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explain(e, chain, authType, engine == null ? null : engine.getHandshakeSession());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explain(e, chain, authType, null);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    /** Why {@code chain} was refused, checked in the order an operator would fix things. */
    private BrokerCertificateException explain(CertificateException refusal, X509Certificate[] chain, String authType,
                                               SSLSession handshake) {
        if (chain == null || chain.length == 0) {
            return new BrokerCertificateException("the broker sent no TLS certificate", refusal);
        }
        X509Certificate leaf = chain[0];
        String which = "the broker's TLS certificate " + leaf.getSubjectX500Principal().getName();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return new BrokerCertificateException(which + " expired on " + Certificates.date(leaf.getNotAfter())
                    + "; the broker needs a new certificate", refusal);
        } catch (CertificateNotYetValidException e) {
            return new BrokerCertificateException(which + " is not valid before "
                    + Certificates.date(leaf.getNotBefore()) + "; check the clocks of broker and client", refusal);
        }
        try {
            pkix.checkServerTrusted(chain, authType); // the chain alone, without the host name
        } catch (CertificateException chainRefused) {
            return new BrokerCertificateException(which + " (issued by "
                    + leaf.getIssuerX500Principal().getName() + ") does not chain to the CA in " + caFile
                    + "; is that the site's CA?", refusal);
        }
        String host = handshake == null ? null : handshake.getPeerHost();
        return new BrokerCertificateException(which + " is for " + subjectAltNames(leaf) + ", not for "
                + (host == null ? "the host connected to" : host)
                + "; connect by a name the certificate holds, or give the broker a certificate for this one", refusal);
    }

    /** The DNS names and IP addresses the certificate is for, e.g. {@code DNS:vm, IP:127.0.0.1}. */
    static String subjectAltNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            names = null;
        }
        List<String> shown = new ArrayList<>();
        if (names != null) {
            for (List<?> n : names) {
                Object type = n.get(0);
                if (Integer.valueOf(2).equals(type)) {
                    shown.add("DNS:" + n.get(1));
                } else if (Integer.valueOf(7).equals(type)) {
                    shown.add("IP:" + n.get(1));
                }
            }
        }
        return shown.isEmpty() ? "no DNS name or IP address" : String.join(", ", shown);
    }

    /** A refused broker certificate whose message is ready to show as it is. */
    public static final class BrokerCertificateException extends CertificateException {
        private static final long serialVersionUID = 1L;

        BrokerCertificateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
