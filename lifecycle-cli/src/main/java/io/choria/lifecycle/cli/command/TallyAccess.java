package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.process.ErrorLine;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.internal.PemFiles;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How {@code nodes} reaches a tally whose port is secured by a web configuration file: the CA
 * its certificate must chain to (else the JDK's trust store), a client certificate for mutual
 * TLS, and basic auth. The password is read from a file or the environment, never from a flag,
 * which every user of the machine could read in {@code ps}.
 *
 * @param authorization the {@code Authorization} header value, or null
 */
public record TallyAccess(HttpClient client, String authorization, String user) {
    /** The environment variable {@code nodes} reads the tally user's password from. */
    public static final String PASSWORD_VARIABLE = "CHORIA_TALLY_PASSWORD";

    /**
     * @param ca PEM CA for the tally's certificate, or null for the JDK's trust store
     * @param certificate client certificate and {@code key} for mutual TLS, or both null
     * @param passwordFile the file holding the password (its first line), or null for {@value #PASSWORD_VARIABLE}
     * @throws LifecycleException when a file cannot be used or a user comes without a password
     */
    public static TallyAccess of(Path ca, Path certificate, Path key, String user, Path passwordFile, String passwordVariable) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ca != null || certificate != null) {
            http.sslContext(sslContext(ca, certificate, key));
        }
        String authorization = null;
        if (user != null) {
            String password = passwordFile != null ? firstLine(passwordFile) : passwordVariable;
            if (password == null) {
                throw new LifecycleException(Reason.INVALID_INPUT, "--tally-user " + user + " needs its password in"
                        + " --tally-password-file FILE or the variable " + PASSWORD_VARIABLE);
            }
            authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        return new TallyAccess(http.build(), authorization, user);
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read the password file " + file + ": "
                    + ErrorLine.of(e));
        }
    }

    private static SSLContext sslContext(Path ca, Path certificate, Path key) {
        try {
            TrustManagerFactory trust = null;
            if (ca != null) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                List<X509Certificate> cas = PemFiles.certificates(ca);
                for (int i = 0; i < cas.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, cas.get(i));
                }
                trust = TrustManagerFactory.getInstance("PKIX");
                trust.init(anchors);
            }
            KeyManagerFactory keys = null;
            if (certificate != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", PemFiles.privateKey(key), new char[0],
                        PemFiles.certificates(certificate).toArray(X509Certificate[]::new));
                keys = KeyManagerFactory.getInstance("PKIX");
                keys.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot use the TLS files for the tally: " + e.getMessage());
        }
    }
}
