package io.choria.lifecycle.nats.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: it issues a server certificate for
 * {@code 127.0.0.1} and {@code localhost} and client certificates, written as PEM files.
 */
public final class TestPki {
    /** How a private key is written. */
    public enum KeyEncoding { PKCS1_RSA, PKCS8_RSA, SEC1_EC }

    private static final Duration[] VALID_NOW = {Duration.ofHours(-1), Duration.ofDays(2)};
    private static final Duration[] EXPIRED = {Duration.ofDays(-30), Duration.ofDays(-1)};
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final X500Name caSubject;

    private TestPki(Path dir, String name) throws GeneralSecurityException, IOException {
        this.dir = dir;
        this.name = name;
        this.caKeys = rsa();
        this.caSubject = new X500Name("CN=" + name + " test CA");
        X509v3CertificateBuilder b = builder(caSubject, caSubject, caKeys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.caCert = sign(b, caKeys);
        write(dir.resolve(name + "-ca.pem"), caCert);
    }

    /** A new CA called {@code name} writing its files into {@code dir}. */
    public static TestPki create(Path dir, String name) {
        try {
            return new TestPki(dir, name);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** The CA certificate file. */
    public Path caFile() {
        return dir.resolve(name + "-ca.pem");
    }

    /** Issues a server certificate for 127.0.0.1 and localhost; returns {certificate, key}. */
    public Path[] issueServer(String cn) {
        return issue(cn, true, KeyEncoding.PKCS1_RSA, new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"));
    }

    /** Issues a server certificate for the DNS name {@code dnsName} only; returns {certificate, key}. */
    public Path[] issueServerFor(String dnsName) {
        return issue(dnsName, true, KeyEncoding.PKCS1_RSA, new GeneralName(GeneralName.dNSName, dnsName));
    }

    /**
     * Issues a server certificate whose subject alternative names are exactly {@code dnsNames} and
     * {@code ipAddresses} (either may be empty); returns {certificate, key}.
     */
    public Path[] issueServerWith(String cn, List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return issue(cn, true, KeyEncoding.PKCS1_RSA, VALID_NOW, names.toArray(new GeneralName[0]));
    }

    /** Issues a server certificate for 127.0.0.1 and localhost that expired yesterday; returns {certificate, key}. */
    public Path[] issueExpiredServer(String cn) {
        return issue(cn, true, KeyEncoding.PKCS1_RSA, EXPIRED, new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"));
    }

    /** Issues a client certificate; returns {certificate, key}. */
    public Path[] issueClient(String cn, KeyEncoding encoding) {
        return issue(cn, false, encoding, VALID_NOW);
    }

    /** Issues a client certificate whose subject alternative names are the DNS names {@code dnsNames}; returns {certificate, key}. */
    public Path[] issueClientWith(String cn, List<String> dnsNames) {
        return issue(cn, false, KeyEncoding.PKCS1_RSA, VALID_NOW, dnsNames.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new));
    }

    /** Issues a client certificate whose subject alternative names are the IP addresses {@code ips}; returns {certificate, key}. */
    public Path[] issueClientWithIps(String cn, List<String> ips) {
        return issue(cn, false, KeyEncoding.PKCS1_RSA, VALID_NOW, ips.stream()
                .map(ip -> new GeneralName(GeneralName.iPAddress, ip)).toArray(GeneralName[]::new));
    }

    /** Issues a client certificate that expired yesterday; returns {certificate, key}. */
    public Path[] issueExpiredClient(String cn) {
        return issue(cn, false, KeyEncoding.PKCS1_RSA, EXPIRED);
    }

    private Path[] issue(String cn, boolean server, KeyEncoding encoding, GeneralName... names) {
        return issue(cn, server, encoding, VALID_NOW, names);
    }

    private Path[] issue(String cn, boolean server, KeyEncoding encoding, Duration[] validity, GeneralName... names) {
        try {
            KeyPair keys = encoding == KeyEncoding.SEC1_EC ? ec() : rsa();
            X509v3CertificateBuilder b = builder(caSubject, new X500Name("CN=" + cn), keys, validity);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (names.length > 0) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate cert = sign(b, caKeys);
            Path certFile = dir.resolve(name + "-" + cn + ".pem");
            Path keyFile = dir.resolve(name + "-" + cn + "-key.pem");
            write(certFile, cert);
            write(keyFile, switch (encoding) {
                case PKCS8_RSA -> new JcaPKCS8Generator(keys.getPrivate(), null);
                case PKCS1_RSA -> keys.getPrivate();
                case SEC1_EC -> sec1(keys);
            });
            return new Path[] {certFile, keyFile};
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    /** SEC1 with the curve named in {@code [0] parameters}, as OpenSSL writes it (the JDK's encoding omits it). */
    private static PemObject sec1(KeyPair keys) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        BigInteger d = ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS();
        DERBitString pub = new DERBitString(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                .getPublicKeyData().getBytes());
        ECPrivateKey sec1 = new ECPrivateKey(256, d, pub, info.getPrivateKeyAlgorithm().getParameters());
        return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        return builder(issuer, subject, keys, VALID_NOW);
    }

    /** {@code validity} = {not before, not after} relative to now. */
    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration[] validity) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.plus(validity[0])), Date.from(now.plus(validity[1])), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKeys) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static void write(Path file, Object pemObject) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(pemObject);
        }
        try {
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
