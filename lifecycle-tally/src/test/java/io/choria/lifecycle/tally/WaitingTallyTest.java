package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.ConnectRetry;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tally that connects itself ({@code Tally.Builder.connector}) started before its broker: the
 * health paths answer while it waits, everything else is a 503 that says why, and it counts once
 * the broker is there, without a restart.
 */
class WaitingTallyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        }
    }

    @Test
    void itServesHealthWhileItWaitsAndCountsOnceTheBrokerIsThere() throws Exception {
        int natsPort = NatsServerProcess.freePort();
        int httpPort = NatsServerProcess.freePort();
        ConnectRetry retry = ConnectRetry.of(ConnectionSettings.builder().server("nats://127.0.0.1:" + natsPort).build());
        CompletableFuture<Tally> started = CompletableFuture.supplyAsync(() -> Tally.builder().connector(retry)
                .prefix("choria_tally").port(httpPort).bind("127.0.0.1").replay(false).start());
        Tally tally = null;
        try {
            Poll.untilPasses(Duration.ofSeconds(20), () -> assertThat(get(httpPort, "/-/ready").body())
                    .isEqualTo("Not ready: " + retry.waiting() + "\n")
                    .contains("cannot connect to nats://127.0.0.1:" + natsPort + ": connection refused"));
            assertThat(get(httpPort, "/-/healthy").statusCode()).isEqualTo(200);
            assertThat(get(httpPort, "/-/ready").statusCode()).isEqualTo(503);
            HttpResponse<String> metrics = get(httpPort, "/metrics");
            assertThat(metrics.statusCode()).as("no empty fleet for Prometheus to store").isEqualTo(503);
            assertThat(metrics.body()).startsWith("Not ready: waiting for a broker");
            assertThat(get(httpPort, "/api/fleet").statusCode()).isEqualTo(503);

            try (NatsServerProcess broker = NatsServerProcess.builder().port(natsPort).start();
                 Connection publisher = Nats.connect(broker.url())) {
                tally = started.get(30, TimeUnit.SECONDS);
                publisher.publish(Events.alive("server", "n1", "1.0").target(), Events.json(Events.alive("server", "n1", "1.0")));
                publisher.flush(Duration.ofSeconds(5));
                Poll.untilPasses(Duration.ofSeconds(10), () -> assertThat(Exposition.scrape(httpPort)
                        .get("choria_tally_versions{active=\"1\",component=\"server\",version=\"1.0\"}")).isEqualTo(1.0));
                assertThat(get(httpPort, "/-/ready").body()).isEqualTo("Ready.\n");
                tally.close();
                assertThat(retry.waiting()).isNull();
            }
        } finally {
            retry.close();
            if (tally != null) {
                tally.close();
            }
        }
    }

    @Test
    void closingTheRetryEndsTheStartAndFreesThePort() throws Exception {
        int httpPort = NatsServerProcess.freePort();
        ConnectRetry retry = ConnectRetry.of(ConnectionSettings.builder()
                .server("nats://127.0.0.1:" + NatsServerProcess.freePort()).build());
        CompletableFuture<Tally> started = CompletableFuture.supplyAsync(() -> Tally.builder().connector(retry)
                .port(httpPort).bind("127.0.0.1").replay(false).start());
        Poll.untilPasses(Duration.ofSeconds(20), () -> assertThat(get(httpPort, "/-/healthy").statusCode()).isEqualTo(200));
        retry.close();
        assertThatThrownBy(() -> started.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INTERRUPTED));
        Poll.until(Duration.ofSeconds(5), () -> {
            try (java.net.ServerSocket again = new java.net.ServerSocket(httpPort, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return true;
            } catch (java.io.IOException inUse) {
                return false;
            }
        }, () -> "port " + httpPort + " freed");
    }
}
