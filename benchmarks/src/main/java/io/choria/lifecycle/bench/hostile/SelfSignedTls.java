package io.choria.lifecycle.bench.hostile;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A certificate for 127.0.0.1 made with Debian's openssl, and a client context that trusts it. */
record SelfSignedTls(Path certificate, Path key) {
    static SelfSignedTls create(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("tally.pem");
        Path key = dir.resolve("tally-key.pem");
        Process openssl = new ProcessBuilder(DebianPackage.program("openssl", "openssl"), "req", "-x509", "-newkey",
                "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=tally", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a certificate: " + said.strip());
        }
        return new SelfSignedTls(cert, key);
    }

    /** The server side for the JDK baseline: the same certificate and key, through a PKCS#12 file openssl writes. */
    SSLContext serving() throws Exception {
        Path p12 = certificate.resolveSibling("tally.p12");
        Process openssl = new ProcessBuilder(DebianPackage.program("openssl", "openssl"), "pkcs12", "-export", "-in",
                certificate.toString(), "-inkey", key.toString(), "-out", p12.toString(), "-passout", "pass:bench")
                .redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not write a PKCS#12 file: " + said.strip());
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keys.load(in, "bench".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, "bench".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("tally", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
