package io.choria.lifecycle.nats.internal;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS side of a Choria client connection: the client certificate and key, the CA as the only
 * trust anchor, TLS 1.2 or later, and the broker's certificate checked against the host name.
 */
public final class ClientTls {
    private ClientTls() {
    }

    /**
     * An SSL context for jnats from PEM files, which the caller has checked are there
     * ({@code TlsFiles.checkReadable()}).
     *
     * @throws LifecycleException when a file is missing, does not hold what it should, or holds a
     *         certificate that is expired or not yet valid
     */
    public static SSLContext context(Path certificate, Path keyFile, Path caFile) {
        List<X509Certificate> chain = PemFiles.certificates(certificate);
        PrivateKey key = PemFiles.privateKey(keyFile);
        List<X509Certificate> cas = PemFiles.certificates(caFile);
        Instant now = Instant.now();
        Certificates.checkClientCertificate(certificate, chain.get(0), now);
        Certificates.checkCaCertificates(caFile, cas, now);
        if (!KeyPairs.belongTogether(key, chain.get(0))) {
            // else the broker just refuses the handshake and nobody can tell why
            throw new LifecycleException(Reason.INVALID_INPUT, "the TLS key " + keyFile + " does not belong to the certificate "
                    + certificate);
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new X509ExtendedKeyManager[] {new ClientKey(key, chain.toArray(new X509Certificate[0]))},
                    new TrustManager[] {new BrokerTrustManager(pkix(tmf), caFile)}, null);
            return HostCheckingSslContext.wrap(context);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot use the TLS key " + keyFile + " with certificate "
                    + certificate + ": " + e.getMessage());
        }
    }

    private static X509ExtendedTrustManager pkix(TrustManagerFactory tmf) throws GeneralSecurityException {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    /**
     * The one client certificate and its key, handed to the TLS engine as they are. The JDK's way,
     * a PKCS#12 key store and a {@code KeyManagerFactory}, encrypts the key only to decrypt it again
     * at once: 0.3 s of every TLS command's start-up.
     */
    private static final class ClientKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        ClientKey(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return suits(keyTypes) ? ALIAS : null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return suits(keyTypes) ? ALIAS : null;
        }

        /** Whether the handshake asks for a key of our key's kind (RSA, EC, ...). */
        private boolean suits(String[] keyTypes) {
            return keyTypes == null || java.util.Arrays.asList(keyTypes).contains(key.getAlgorithm());
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
