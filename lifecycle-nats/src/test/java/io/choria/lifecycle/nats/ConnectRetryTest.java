package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The first connect of a service: tried again until a broker answers, or until stopped. */
class ConnectRetryTest {
    private static final Pattern ATTEMPT = Pattern.compile("\\(attempt (\\d+), ");

    /** Quick steps, so that a test sees several attempts in a second or two. */
    private static ConnectRetry quick(ConnectionSettings settings) {
        return new ConnectRetry(settings, n -> Duration.ofMillis(150));
    }

    private static int attempts(ConnectRetry retry) {
        String waiting = retry.waiting();
        Matcher m = ATTEMPT.matcher(waiting == null ? "" : waiting);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void aBrokerThatStartsLaterIsConnectedToAndTheWaitIsLoggedOnce() throws Exception {
        int port = NatsServerProcess.freePort();
        ConnectionSettings settings = ConnectionSettings.builder().server("nats://127.0.0.1:" + port).build();
        ConnectRetry retry = quick(settings);
        PrintStream realErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Connection> connected = CompletableFuture.supplyAsync(retry::connect);
            Poll.until(Duration.ofSeconds(20), () -> attempts(retry) >= 3, retry::waiting);
            assertThat(retry.waiting()).startsWith("waiting for a broker (attempt ")
                    .endsWith("cannot connect to nats://127.0.0.1:" + port + ": connection refused");
            try (NatsServerProcess broker = NatsServerProcess.builder().port(port).start();
                 Connection c = connected.get(30, TimeUnit.SECONDS)) {
                assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertThat(retry.waiting()).isNull();
            }
        } finally {
            System.setErr(realErr);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.contains("WARN")).toList()).as(log).singleElement().asString()
                .contains("Waiting for a broker, trying again until one answers: cannot connect to nats://127.0.0.1:"
                        + port + ": connection refused");
        assertThat(log).containsPattern("INFO.*Connected to nats://127.0.0.1:" + port + " after \\d+ attempts in ");
    }

    @Test
    void closingEndsTheWaitAtOnceAndLeavesTheCallerUninterrupted() throws Exception {
        ConnectRetry retry = quick(ConnectionSettings.builder()
                .server("nats://127.0.0.1:" + NatsServerProcess.freePort()).build());
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        CompletableFuture<Connection> connected = CompletableFuture.supplyAsync(() -> {
            try {
                return retry.connect();
            } finally {
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            }
        });
        Poll.until(Duration.ofSeconds(20), () -> retry.waiting() != null, () -> "a failed attempt");
        retry.close();
        assertThatThrownBy(() -> connected.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(LifecycleException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INTERRUPTED))
                .hasMessageStartingWith("stopped while waiting for a broker at nats://127.0.0.1:");
        assertThat(interruptedAfter.get(1, TimeUnit.SECONDS)).isFalse();
    }

    /** A broker name that does not resolve (yet: DNS at boot) is waited for like a broker that is down. */
    @Test
    void aNameThatDoesNotResolveIsTriedAgain() throws Exception {
        ConnectRetry retry = quick(ConnectionSettings.builder().server("nats://broker.example.invalid:4222")
                .connectTimeout(Duration.ofSeconds(2)).build());
        CompletableFuture<Connection> connected = CompletableFuture.supplyAsync(retry::connect);
        try {
            Poll.until(Duration.ofSeconds(30), () -> attempts(retry) >= 2, retry::waiting);
            assertThat(retry.waiting()).contains("cannot connect to nats://broker.example.invalid:4222: ");
            assertThat(connected).isNotDone();
        } finally {
            retry.close();
        }
    }

    /** As go-choria: a refused login is tried again, since the broker's accounts may change while the service waits. */
    @Test
    void aRefusedLoginIsTriedAgainAndSaysWhy() throws Exception {
        try (NatsServerProcess broker = NatsServerProcess.start(false,
                "authorization {\n  user: tally\n  password: \"s3cret\"\n}")) {
            ConnectRetry retry = quick(ConnectionSettings.builder().server(broker.url()).userInfo("tally", "guess")
                    .connectTimeout(Duration.ofSeconds(2)).build());
            CompletableFuture<Connection> connected = CompletableFuture.supplyAsync(retry::connect);
            try {
                Poll.until(Duration.ofSeconds(30), () -> attempts(retry) >= 2, retry::waiting);
                assertThat(retry.waiting()).endsWith("the broker said: Authorization Violation");
                assertThat(connected).isNotDone();
            } finally {
                retry.close();
            }
        }
    }

    @Test
    void settingsThatNameAMissingFileFailAtOnce() {
        ConnectionSettings settings = ConnectionSettings.builder().server("nats://127.0.0.1:1")
                .tls(Path.of("/nonexistent/tally.pem"), Path.of("/nonexistent/tally.key"), Path.of("/nonexistent/ca.pem"))
                .build();
        assertThatThrownBy(() -> ConnectRetry.of(settings))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                .hasMessage("TLS certificate /nonexistent/tally.pem does not exist or is not readable");
    }
}
