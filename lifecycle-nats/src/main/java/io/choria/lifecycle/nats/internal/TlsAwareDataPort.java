package io.choria.lifecycle.nats.internal;

import io.nats.client.Options;
import io.nats.client.impl.SocketDataPortWithWriteTimeout;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLHandshakeException;

/**
 * jnats' socket data port with two repairs for TLS connections. Not API: it is public only because
 * jnats creates data ports by class name ({@link Options.Builder#dataPortType(String)}), which is
 * also why its package is exported to jnats alone.
 *
 * <ul>
 * <li>Stopping a connection: jnats stops its reader with {@code shutdownInput()}, which it skips
 * for TLS sockets, so every close of a TLS connection waited a full second for the blocked reader.
 * Here the TCP socket under the TLS one is shut down instead, which wakes the reader at once.</li>
 * <li>Refusals: a broker that refuses our client certificate says so with a TLS alert that only
 * jnats' reader sees, and while connecting jnats keeps that to itself and waits out the connect
 * timeout. The alert is passed to the connection's error listener when that is a
 * {@link TlsFailureListener}, which ends the attempt at once.</li>
 * </ul>
 */
public final class TlsAwareDataPort extends SocketDataPortWithWriteTimeout {
    /** How a handshake the broker cut short is described; the explanation of a failed connect recognises it. */
    public static final String DROPPED_DURING_HANDSHAKE = "the broker dropped the connection during the TLS handshake";

    private TlsFailureListener events;
    private volatile Socket tcp;

    /** Made by jnats through reflection. */
    public TlsAwareDataPort() {
    }

    @Override
    public void afterConstruct(Options options) {
        super.afterConstruct(options);
        if (options.getErrorListener() instanceof TlsFailureListener e) {
            events = e;
        }
    }

    @Override
    public void upgradeToSecure() throws IOException {
        tcp = socket;
        try {
            super.upgradeToSecure();
        } catch (SocketException e) {
            // the broker hung up on our handshake flight: with mTLS, after reading our certificate
            throw (SSLHandshakeException) new SSLHandshakeException(DROPPED_DURING_HANDSHAKE + " ("
                    + e.getMessage() + ")").initCause(e);
        }
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        try {
            int n = super.read(dst, off, len);
            if (n < 0 && isSecure) {
                report(new java.io.EOFException("the broker closed the TLS connection"));
            }
            return n;
        } catch (IOException e) {
            report(e);
            throw e;
        }
    }

    @Override
    public void write(byte[] src, int toWrite) throws IOException {
        try {
            super.write(src, toWrite);
        } catch (IOException e) {
            report(e);
            throw e;
        }
    }

    private void report(IOException e) {
        if (events != null && isSecure) {
            events.tlsFailed(e);
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        Socket under = tcp;
        if (isSecure && under != null && !under.isClosed() && !under.isInputShutdown()) {
            under.shutdownInput();
        } else {
            super.shutdownInput();
        }
    }
}
