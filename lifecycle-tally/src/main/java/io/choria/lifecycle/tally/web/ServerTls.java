package io.choria.lifecycle.tally.web;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the tally's port, from the web configuration in force at each handshake (the
 * exporter-toolkit builds a new {@code tls.Config} per connection): one SSL context whose key and
 * trust managers ask for the current settings, and a configurator that sets versions, cipher
 * suites and client authentication per connection. So a renewed certificate, CA or policy is used
 * by the next connection, with no restart.
 *
 * <p>{@code curve_preferences}: Java 17 sets named groups JVM-wide only ({@code jdk.tls.namedGroups});
 * the setting is checked and, when given, the log says so once.
 */
public final class ServerTls extends HttpsConfigurator {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final String ALIAS = "server";
    private final Supplier<WebConfig> settings;
    private final AtomicBoolean curvesWarned = new AtomicBoolean();

    private ServerTls(SSLContext context, Supplier<WebConfig> settings) {
        super(context);
        this.settings = settings;
    }

    /** A configurator for the JDK's HTTPS server that reads {@code file} at each handshake. */
    public static ServerTls from(WebConfigFile file) {
        Supplier<WebConfig> settings = file::current;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new X509ExtendedKeyManager[] {new CurrentKey(settings)},
                    new TrustManager[] {new CurrentClientCas(settings)}, null);
            return new ServerTls(context, settings);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
    }

    @Override
    public void configure(HttpsParameters params) {
        TlsServerConfig tls = settings.get().tls();
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        p.setProtocols(tls.protocols().toArray(String[]::new));
        if (!tls.cipherSuites().isEmpty()) {
            p.setCipherSuites(tls.cipherSuites().toArray(String[]::new));
        }
        p.setUseCipherSuitesOrder(tls.preferServerCipherSuites());
        if (tls.clientAuth().required) {
            p.setNeedClientAuth(true);
        } else {
            p.setWantClientAuth(tls.clientAuth().requested);
        }
        if (!tls.namedGroups().isEmpty() && curvesWarned.compareAndSet(false, true)) {
            LOG.warn("curve_preferences {} is not applied per server on Java 17: the JVM's named groups are offered"
                    + " (JAVA_OPTS=-Djdk.tls.namedGroups={} sets them)", tls.namedGroups(), String.join(",", tls.namedGroups()));
        }
        params.setSSLParameters(p);
    }

    /** The server certificate and key in force; offered for the key type the handshake asks for. */
    private static final class CurrentKey extends X509ExtendedKeyManager {
        private final Supplier<WebConfig> settings;

        CurrentKey(Supplier<WebConfig> settings) {
            this.settings = settings;
        }

        private TlsServerConfig tls() {
            return settings.get().tls();
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return suits(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return suits(keyType) ? ALIAS : null;
        }

        private boolean suits(String keyType) {
            String algorithm = tls().key().getAlgorithm();
            return keyType == null || keyType.equals(algorithm) || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA")
                    || keyType.equals("EdDSA") && algorithm.startsWith("Ed");
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return suits(keyType) ? new String[] {ALIAS} : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? tls().chain().toArray(X509Certificate[]::new) : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? tls().key() : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /**
     * Client certificates checked as the policy in force says: against the client CAs when it
     * verifies, and for one of {@code client_allowed_sans} when that list is given.
     */
    private static final class CurrentClientCas extends X509ExtendedTrustManager {
        private final Supplier<WebConfig> settings;
        private volatile List<X509Certificate> pkixFor;
        private volatile X509TrustManager pkix;

        CurrentClientCas(Supplier<WebConfig> settings) {
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
                List<String> allowed = tls.clientAllowedSans().stream().map(CurrentClientCas::canonicalIp).toList();
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
}
