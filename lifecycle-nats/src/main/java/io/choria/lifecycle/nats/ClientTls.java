package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of a Choria client connection: the client certificate and key, the CA as the only
 * trust anchor, TLS 1.2 or later, and the broker's certificate checked against the host name.
 */
public final class ClientTls {
    private static final char[] NO_PASSWORD = new char[0];

    private ClientTls() {
    }

    /**
     * An SSL context for jnats from PEM files.
     *
     * @throws LifecycleException when a file is missing or does not hold what it should
     */
    public static SSLContext context(TlsFiles files) {
        files.checkReadable();
        List<X509Certificate> chain = PemFiles.certificates(files.certificate());
        PrivateKey key = PemFiles.privateKey(files.key());
        List<X509Certificate> cas = PemFiles.certificates(files.ca());
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return HostCheckingSslContext.wrap(context);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new LifecycleException("cannot use the TLS key " + files.key() + " with certificate "
                    + files.certificate() + ": " + e.getMessage());
        }
    }
}
