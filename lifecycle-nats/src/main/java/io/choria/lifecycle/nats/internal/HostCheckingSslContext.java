package io.choria.lifecycle.nats.internal;

import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSL context whose client sockets check the server's certificate against the host name they
 * were created for, send that name as SNI, and allow TLS 1.2+ only. jnats leaves endpoint
 * identification off, so without this any certificate of the CA would do for any broker; and the
 * JDK sends SNI only for names with a dot, so a broker reached as {@code vm} or {@code localhost}
 * would get none (Go's TLS client, which Choria uses, sends it for every name).
 *
 * <p>The name must be the one the operator configured, not an address it resolved to:
 * {@link NatsConnector} asks jnats not to resolve host names before connecting for that reason.
 */
final class HostCheckingSslContext extends SSLContext {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private HostCheckingSslContext(SSLContext delegate) {
        super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
    }

    static SSLContext wrap(SSLContext delegate) {
        return new HostCheckingSslContext(delegate);
    }

    static <T> T harden(T socketOrEngine) {
        return harden(socketOrEngine, null);
    }

    /** Hardens a socket or engine made for {@code host} (null when unknown). */
    static <T> T harden(T socketOrEngine, String host) {
        if (socketOrEngine instanceof SSLSocket s) {
            s.setSSLParameters(hardened(s.getSSLParameters(), host));
        } else if (socketOrEngine instanceof SSLEngine e) {
            e.setSSLParameters(hardened(e.getSSLParameters(), host));
        }
        return socketOrEngine;
    }

    private static SSLParameters hardened(SSLParameters p, String host) {
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setProtocols(PROTOCOLS);
        if (host != null && !HostNames.isIpLiteral(host)) {
            try {
                p.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notAValidSniName) {
                // e.g. a name with an underscore: connect without SNI, the name is still checked
            }
        }
        return p;
    }

    /** Delegates to the real context, hardening what it creates. */
    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;

        Spi(SSLContext delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            delegate.init(km, tm, sr);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Factory(delegate.getSocketFactory());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return harden(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return harden(delegate.createSSLEngine(host, port), host);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }
    }

    /** A socket factory whose sockets are hardened before their handshake. */
    private static final class Factory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Factory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws java.io.IOException {
            return harden(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws java.io.IOException {
            return harden(delegate.createSocket(s, host, port, autoClose), host);
        }

        @Override
        public Socket createSocket(String host, int port) throws java.io.IOException {
            return harden(delegate.createSocket(host, port), host);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws java.io.IOException {
            return harden(delegate.createSocket(host, port, localHost, localPort), host);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws java.io.IOException {
            return harden(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws java.io.IOException {
            return harden(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
