package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
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
        if (!belongTogether(key, chain.get(0))) {
            // else the broker just refuses the handshake and nobody can tell why
            throw new LifecycleException("the TLS key " + files.key() + " does not belong to the certificate "
                    + files.certificate());
        }
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

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // a kind we cannot test here: leave it to the handshake
        }
        try {
            byte[] probe = "choria-lifecycle".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key with an RSA certificate
        }
    }
}
