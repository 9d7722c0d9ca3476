package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.nats.internal.PemFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS clients for the tests: trust a test CA, and present a client certificate when given one. */
public final class TlsClients {
    private TlsClients() {
    }

    /** Trusts {@code ca}; presents {@code certificateAndKey} when not null. */
    public static SSLContext context(Path ca, Path[] certificateAndKey) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> cas = PemFiles.certificates(ca);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (certificateAndKey != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", PemFiles.privateKey(certificateAndKey[1]), new char[0],
                        PemFiles.certificates(certificateAndKey[0]).toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test TLS client", e);
        }
    }
}
