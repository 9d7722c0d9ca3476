package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.internal.ClientTls;
import io.choria.lifecycle.nats.internal.TlsAwareDataPort;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens NATS connections from {@link ConnectionSettings}: TLS when configured, reconnecting
 * without end with capped exponential back-off and jitter, every disconnect and reconnect logged.
 *
 * <p>Host names are not resolved by jnats before connecting ({@code HappyEyeballs}: the socket
 * layer tries every address of the name): jnats' default resolves them first and hands the TLS
 * layer the address, so a broker's certificate was checked against {@code 127.0.0.1} instead of
 * the name the operator configured, and no SNI was sent. A certificate must match the host of the
 * URL connected to; servers a cluster announces (by address, unless its {@code advertise} setting
 * names them) therefore need IP entries in their certificates to be used over TLS.
 */
public final class NatsConnector {
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    private static final long MAX_CREDENTIALS_BYTES = 64 * 1024;

    private NatsConnector() {
    }

    /**
     * Connects to the first server that answers.
     *
     * @throws LifecycleException with one line saying which servers and why, when none can be used
     */
    public static Connection connect(ConnectionSettings settings) {
        ConnectionEvents events = new ConnectionEvents();
        Options options = options(settings, events);
        events.connectStarting();
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw failed(settings, events, e);
        } catch (InterruptedException e) {
            if (events.interruptedByRefusal()) {
                throw failed(settings, events, e);
            }
            Thread.currentThread().interrupt();
            throw new LifecycleException(Reason.INTERRUPTED, "interrupted while connecting to " + settings.describeServers());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot connect to " + settings.describeServers() + ": "
                    + e.getMessage());
        } finally {
            events.connectFinished();
        }
    }

    /**
     * Reads what {@code settings} name as a connect would, without connecting: the server URLs, the
     * TLS certificate, key and CA (a key that does not fit, a certificate expired) and the NATS
     * credentials file. What it finds is the operator's to fix: trying again does not help.
     *
     * @throws LifecycleException ({@code INVALID_INPUT}) naming the file or URL and what is wrong
     */
    public static void check(ConnectionSettings settings) {
        options(settings, new ConnectionEvents());
    }

    private static LifecycleException failed(ConnectionSettings settings, ConnectionEvents events, Exception e) {
        String prefix = "cannot connect to " + settings.describeServers() + ": ";
        if (events.lastServerError() != null) { // e.g. Authorization Violation
            return new LifecycleException(Reason.REFUSED, prefix + "the broker said: " + events.lastServerError());
        }
        ConnectionFailures.Explained why = ConnectionFailures.explain(events.exceptions(), e, settings.tls());
        return new LifecycleException(why.reason(), prefix + why.text());
    }

    /** The jnats options for {@code settings}; {@code events} receives the connection's events. */
    static Options options(ConnectionSettings settings, ConnectionEvents events) {
        Options.Builder b = new Options.Builder();
        for (String server : settings.servers()) {
            try {
                b.server(server);
            } catch (IllegalArgumentException e) {
                throw new LifecycleException(Reason.INVALID_INPUT, "cannot connect to " + settings.describeServers() + ": '"
                        + ServerUrls.withoutUserInfo(server) + "' is not a valid server URL");
            }
        }
        b.connectionName(settings.name())
                .connectionTimeout(settings.connectTimeout())
                .maxReconnects(-1)
                .reconnectDelayHandler(NatsConnector::backOff)
                .connectionListener(events)
                .errorListener(events)
                .hostnameResolveMode(Options.HostnameResolveMode.HappyEyeballs)
                .dataPortType(TlsAwareDataPort.class.getName());
        if (settings.tls() != null) {
            settings.tls().checkReadable();
            b.sslContext(ClientTls.context(settings.tls().certificate(), settings.tls().key(), settings.tls().ca()));
        }
        if (settings.credentials() != null) {
            b.authHandler(Nats.credentials(checkCredentials(settings.credentials()).toString()));
        }
        if (settings.user() != null) {
            b.userInfo(settings.user(), settings.password() == null ? "" : settings.password());
        }
        if (settings.token() != null) {
            b.token(settings.token().toCharArray());
        }
        return b.build();
    }

    /**
     * Checks the .creds file now: jnats reads it only when a broker asks for it, so a wrong file
     * would otherwise pass unnoticed against a broker without authentication.
     */
    private static Path checkCredentials(Path creds) {
        if (!Files.isReadable(creds)) {
            throw new LifecycleException(Reason.INVALID_INPUT, "NATS credentials file " + creds + " does not exist or is not readable");
        }
        String text;
        try {
            text = Files.isRegularFile(creds) && Files.size(creds) < MAX_CREDENTIALS_BYTES
                    ? Files.readString(creds, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            text = "";
        }
        if (!text.contains("-----BEGIN NATS USER JWT-----") || !text.contains("-----BEGIN USER NKEY SEED-----")) {
            throw new LifecycleException(Reason.INVALID_INPUT, "NATS credentials file " + creds + " does not hold a user JWT and NKEY seed");
        }
        return creds;
    }

    /** 250 ms doubling up to 10 s, plus up to a quarter more at random so a fleet does not reconnect in step. */
    static Duration backOff(long attempt) {
        long shift = Math.min(Math.max(attempt - 1, 0), 6);
        long base = Math.min(FIRST_RETRY.toMillis() << shift, LONGEST_RETRY.toMillis());
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 4 + 1));
    }
}
