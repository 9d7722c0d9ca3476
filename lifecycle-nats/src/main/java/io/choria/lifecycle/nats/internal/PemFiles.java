package io.choria.lifecycle.nats.internal;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys without extra libraries: PKCS#8, PKCS#1 RSA (what
 * Puppet writes) and SEC1 EC keys. Not API: shared by the NATS client's TLS and the tally's
 * HTTPS port. Each reader takes a file, or PEM text with the name to give it in messages.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    /**
     * All certificates in {@code file}, in order.
     *
     * @throws LifecycleException when the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file) {
        return certificates(read(file), file.toString());
    }

    /** All certificates in the PEM {@code text}, called {@code origin} in messages. */
    public static List<X509Certificate> certificates(String text, String origin) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(text, origin)) {
                if (b.label.equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
                }
            }
        } catch (CertificateException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "invalid certificate in " + origin + ": " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "no PEM certificate in " + origin);
        }
        return certs;
    }

    /**
     * The private key in {@code file}.
     *
     * @throws LifecycleException when there is none or it is encrypted or of an unknown kind
     */
    public static PrivateKey privateKey(Path file) {
        return privateKey(read(file), file.toString());
    }

    /** The private key in the PEM {@code text}, called {@code origin} in messages. */
    public static PrivateKey privateKey(String text, String origin) {
        for (Block b : blocks(text, origin)) {
            switch (b.label) {
                case "PRIVATE KEY" -> {
                    return pkcs8(origin, b.der, "RSA", "EC", "Ed25519", "Ed448");
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(origin, DerKeys.rsaPkcs1ToPkcs8(b.der), "RSA");
                }
                case "EC PRIVATE KEY" -> {
                    return pkcs8(origin, DerKeys.ecSec1ToPkcs8(origin, b.der), "EC");
                }
                case "ENCRYPTED PRIVATE KEY" ->
                        throw new LifecycleException(Reason.INVALID_INPUT, "private key " + origin + " is encrypted, which is not supported");
                default -> {
                    // other blocks (e.g. EC PARAMETERS) may precede the key
                }
            }
        }
        throw new LifecycleException(Reason.INVALID_INPUT, "no PEM private key in " + origin);
    }

    private static PrivateKey pkcs8(String origin, byte[] der, String... algorithms) {
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new LifecycleException(Reason.INVALID_INPUT, "private key " + origin + " is not an RSA, EC or EdDSA key");
    }

    private record Block(String label, byte[] der) {
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    private static List<Block> blocks(String text, String origin) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new LifecycleException(Reason.INVALID_INPUT, "invalid PEM data in " + origin);
            }
        }
        return blocks;
    }
}
