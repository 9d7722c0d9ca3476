package io.choria.lifecycle.bench.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections that each send the first bytes of a request and then nothing, the attack,
 * kept up as an attacker would: a connection the server closes (its idle timeout, the JDK's request
 * time limit) is opened again, so the attack lasts as long as the measurement. They come from
 * {@value #ADDRESSES} loopback addresses (127.0.0.2 ...), fewer per address than the port's limit
 * per client, so that what is measured is the server's I/O model, not the limit closing them. One
 * thread opens and watches them all; the connections themselves are only held.
 */
final class HalfOpenAttack implements AutoCloseable {
    static final int ADDRESSES = 20;
    /** "GET /metr": a request line left unfinished. */
    static final byte[] PLAIN = "GET /metr".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The first 6 bytes of a TLS ClientHello: record header (handshake, TLS 1.0 record version, length) and its type. */
    static final byte[] TLS = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};

    private final Socket[] sockets;
    private final int port;
    private final byte[] first;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger reopened = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread attacker;

    private HalfOpenAttack(int port, int count, byte[] first) {
        this.port = port;
        this.sockets = new Socket[count];
        this.first = first;
        this.attacker = new Thread(this::keepUp, "bench-attacker");
        attacker.setDaemon(true);
    }

    /** Starts the attack on {@code port} and returns after {@code settle}, the connections open by then. */
    static HalfOpenAttack start(int port, int count, byte[] first, Duration settle) throws InterruptedException {
        HalfOpenAttack attack = new HalfOpenAttack(port, count, first);
        attack.attacker.start();
        Thread.sleep(settle.toMillis());
        return attack;
    }

    private void keepUp() {
        while (running.get()) {
            for (int i = 0; i < sockets.length && running.get(); i++) {
                if (sockets[i] == null || closedByServer(sockets[i])) {
                    if (sockets[i] != null) {
                        close(sockets[i]);
                        reopened.incrementAndGet();
                    }
                    sockets[i] = open(i);
                }
            }
            sleep(200);
        }
    }

    private Socket open(int i) {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress("127.0.0." + (2 + i % ADDRESSES), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.getOutputStream().write(first);
            s.getOutputStream().flush();
            s.setSoTimeout(1);
            return s;
        } catch (IOException e) {
            failed.incrementAndGet();
            close(s);
            return null;
        }
    }

    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Connections opened again after the server closed them, and attempts that failed (not accepted in 2 s). */
    String summary() {
        return reopened.get() + " reopened after the server closed them, " + failed.get() + " attempts not accepted";
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        attacker.join();
        for (Socket s : sockets) {
            if (s != null) {
                close(s);
            }
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
