package io.choria.lifecycle.tally.web;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the tally's port, from the web configuration in force at each handshake (the
 * exporter-toolkit builds a new {@code tls.Config} per connection): one SSL context whose key
 * and trust managers ask for the current settings ({@link CurrentServerKey},
 * {@link ClientCertificateCheck}), and engines whose versions, cipher suites and client
 * authentication are set per connection. So a renewed certificate, CA or policy is used by the
 * next connection, with no restart and no reload of Jetty's factory.
 *
 * <p>Cipher suites are taken in the server's order, as Go does whatever
 * {@code prefer_server_cipher_suites} says. {@code curve_preferences}: Java 17 sets named groups
 * JVM-wide only ({@code jdk.tls.namedGroups}; the command sets Go's); when given, the log says
 * so once.
 */
final class CurrentTls extends SslContextFactory.Server {
    private static final Logger LOG = LoggerFactory.getLogger(CurrentTls.class);
    private final Supplier<WebConfig> settings;
    private final AtomicBoolean curvesWarned = new AtomicBoolean();

    CurrentTls(Supplier<WebConfig> settings) {
        this.settings = settings;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new X509ExtendedKeyManager[] {new CurrentServerKey(settings)},
                    new TrustManager[] {new ClientCertificateCheck(settings)}, null);
            setSslContext(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
        // the certificate in force decides; Jetty's check of the Host header against it would refuse IP clients
        setSniRequired(false);
        setRenegotiationAllowed(false);
    }

    /**
     * Jetty calls the ECDHE CBC-SHA suites weak and says so at start; they are in Go's defaults,
     * which this port follows on purpose (an operator who disagrees lists {@code cipher_suites}), and
     * the suites in force are set per connection below anyway.
     */
    @Override
    protected void checkCiphers(SSLParameters supported) {
        // nothing to warn about: see above
    }

    /** Sets what the settings in force ask of this connection, replacing Jetty's configuration-time choice. */
    @Override
    public void customize(SSLEngine engine) {
        TlsServerConfig tls = settings.get().tls();
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(tls.protocols().toArray(String[]::new));
        p.setCipherSuites(tls.cipherSuites().toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        if (tls.clientAuth().required) {
            p.setNeedClientAuth(true);
        } else {
            p.setWantClientAuth(tls.clientAuth().requested);
        }
        if (!tls.namedGroups().isEmpty() && curvesWarned.compareAndSet(false, true)) {
            LOG.warn("curve_preferences {} is not applied per server on Java 17: the JVM's named groups are offered"
                    + " (JAVA_OPTS=-Djdk.tls.namedGroups={} sets them)", tls.namedGroups(), String.join(",", tls.namedGroups()));
        }
        engine.setSSLParameters(p);
    }
}
