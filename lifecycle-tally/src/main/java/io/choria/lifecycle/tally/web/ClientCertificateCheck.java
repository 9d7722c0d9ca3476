package io.choria.lifecycle.tally.web;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Client certificates checked as the policy in force says: against the client CAs when it
 * verifies, and for one of {@code client_allowed_sans} when that list is given.
 */
final class ClientCertificateCheck extends X509ExtendedTrustManager {
    private final Supplier<WebConfig> settings;
    private volatile List<X509Certificate> pkixFor;
    private volatile X509TrustManager pkix;

    ClientCertificateCheck(Supplier<WebConfig> settings) {
        this.settings = settings;
    }

    private void check(X509Certificate[] chain, String authType) throws CertificateException {
        TlsServerConfig tls = settings.get().tls();
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        if (tls.clientAuth().verified) {
            pkix(tls.clientCas()).checkClientTrusted(chain, authType);
        }
        if (!tls.clientAllowedSans().isEmpty()) {
            List<String> allowed = tls.clientAllowedSans().stream().map(ClientCertificateCheck::canonicalIp).toList();
            if (sans(chain[0]).stream().noneMatch(allowed::contains)) {
                throw new CertificateException("could not find allowed SANs in client cert, found: " + sans(chain[0]));
            }
        }
    }

    private X509TrustManager pkix(List<X509Certificate> cas) throws CertificateException {
        if (cas != pkixFor) {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("client-ca-" + i, cas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(store);
                pkix = Arrays.stream(tmf.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                        .map(X509TrustManager.class::cast).findFirst()
                        .orElseThrow(() -> new CertificateException("the JDK offers no X.509 trust manager"));
                pkixFor = cas;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new CertificateException("cannot use the client CAs: " + e.getMessage(), e);
            }
        }
        return pkix;
    }

    /**
     * An IPv6 literal as the JDK writes a certificate's IP addresses ({@code ::1} is
     * {@code 0:0:0:0:0:0:0:1}), so that the SAN Go would match matches here too; anything
     * else as it is (no name is looked up).
     */
    private static String canonicalIp(String value) {
        if (value.contains(":") && value.matches("[0-9a-fA-F:.]+")) {
            try {
                return InetAddress.getByName(value).getHostAddress();
            } catch (UnknownHostException e) {
                return value;
            }
        }
        return value;
    }

    /** DNS names, e-mail addresses, IP addresses and URIs of the certificate, as Go lists them. */
    private static List<String> sans(X509Certificate c) throws CertificateParsingException {
        List<String> values = new ArrayList<>();
        Collection<List<?>> names = c.getSubjectAlternativeNames();
        if (names != null) {
            for (List<?> n : names) {
                int type = (Integer) n.get(0);
                if (type == 1 || type == 2 || type == 6 || type == 7) { // rfc822Name, dNSName, URI, iPAddress
                    values.add(String.valueOf(n.get(1)));
                }
            }
        }
        return values;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return settings.get().tls().clientCas().toArray(X509Certificate[]::new);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a server port checks no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a server port checks no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server port checks no server certificates");
    }
}
