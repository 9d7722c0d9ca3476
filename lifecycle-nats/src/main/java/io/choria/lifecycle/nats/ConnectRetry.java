package io.choria.lifecycle.nats;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.internal.ChoriaBackoff;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first connection of a service that runs until stopped: tried again and again, with go-choria's
 * back-off ({@link ChoriaBackoff}, 0.5 s growing to 5 s), until a broker answers or {@link #close()}
 * stops it, as go-choria's first connect does ({@code choria/connection.go}, {@code backoff.For}).
 *
 * <p>Every failure is tried again: nothing listening, a name that does not resolve, no answer in
 * time, and also a broker that refuses our login or certificate, as in the reference. A refusal
 * is not always final: a broker's accounts or a renewed certificate may be rolled out after the
 * service has started, and each attempt reads the TLS and credentials files again. What can be
 * told before any broker is asked (a file missing, a key that does not fit its certificate, see
 * {@link NatsConnector#check}) fails {@link #of} at once instead.
 *
 * <p>The first failure is logged at once, then at most one line per {@value #LOG_EVERY_SECONDS}
 * seconds with the servers, the attempts so far and the last error (go-choria logs each attempt);
 * {@link #waiting()} says the same for a readiness probe.
 */
public final class ConnectRetry implements AutoCloseable {
    static final int LOG_EVERY_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRetry.class);

    private final ConnectionSettings settings;
    private final IntFunction<Duration> backoff;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile String waiting;
    private Thread connecting; // guarded by this
    private boolean interruptedByClose; // guarded by this

    ConnectRetry(ConnectionSettings settings, IntFunction<Duration> backoff) {
        this.settings = settings;
        this.backoff = backoff;
    }

    /**
     * A retrying first connect with {@code settings}, each attempt bounded by their connect timeout.
     *
     * @throws LifecycleException ({@code INVALID_INPUT}) when the settings name files or URLs that
     *         cannot be used, which no retry would change
     */
    public static ConnectRetry of(ConnectionSettings settings) {
        NatsConnector.check(settings);
        return new ConnectRetry(settings, ChoriaBackoff::fiveSeconds);
    }

    /** The servers tried, for messages (passwords hidden). */
    public String servers() {
        return settings.describeServers();
    }

    /**
     * Connects, trying again until a broker answers; the caller owns the connection.
     *
     * @throws LifecycleException ({@code INTERRUPTED}) when {@link #close()} stopped it, or the
     *         calling thread was interrupted
     */
    public Connection connect() {
        synchronized (this) {
            connecting = Thread.currentThread();
        }
        long start = System.nanoTime();
        long lastLogged = 0;
        try {
            for (int attempt = 1; ; attempt++) {
                if (closed.getCount() == 0) {
                    throw stopped();
                }
                try {
                    Connection c = NatsConnector.connect(settings);
                    if (attempt > 1) {
                        LOG.info("Connected to {} after {} attempts in {}", ServerUrls.connectedServer(c), attempt,
                                since(start));
                    }
                    waiting = null;
                    return c;
                } catch (LifecycleException e) {
                    if (e.reason() == Reason.INTERRUPTED) {
                        throw closed.getCount() == 0 ? stopped() : e;
                    }
                    waiting = "waiting for a broker (attempt " + attempt + ", " + since(start) + "): " + e.getMessage();
                    long now = System.nanoTime();
                    if (attempt == 1) {
                        LOG.warn("Waiting for a broker, trying again until one answers: {}", e.getMessage());
                        lastLogged = now;
                    } else if (now - lastLogged >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)) {
                        LOG.warn("Still waiting for a broker after {} attempts in {}: {}", attempt, since(start),
                                e.getMessage());
                        lastLogged = now;
                    }
                }
                try {
                    if (closed.await(backoff.apply(attempt).toNanos(), TimeUnit.NANOSECONDS)) {
                        throw stopped();
                    }
                } catch (InterruptedException e) {
                    if (closed.getCount() == 0) {
                        throw stopped();
                    }
                    Thread.currentThread().interrupt();
                    throw new LifecycleException(Reason.INTERRUPTED, "interrupted while waiting for a broker at " + servers());
                }
            }
        } finally {
            synchronized (this) {
                connecting = null;
                if (interruptedByClose) {
                    Thread.interrupted(); // the interrupt was ours, to end an attempt: not the caller's
                    interruptedByClose = false;
                }
            }
        }
    }

    /** Why there is no connection yet, while {@link #connect()} waits after a failed attempt; null otherwise. */
    public String waiting() {
        return waiting;
    }

    /** Stops {@link #connect()}, in another thread, within the attempt it is in; a connection made already stays. */
    @Override
    public void close() {
        closed.countDown();
        synchronized (this) {
            if (connecting != null && connecting != Thread.currentThread()) {
                interruptedByClose = true;
                connecting.interrupt();
            }
        }
    }

    private LifecycleException stopped() {
        return new LifecycleException(Reason.INTERRUPTED, "stopped while waiting for a broker at " + servers());
    }

    private static String since(long startNanos) {
        return GoDuration.format(Duration.ofSeconds(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos)));
    }
}
