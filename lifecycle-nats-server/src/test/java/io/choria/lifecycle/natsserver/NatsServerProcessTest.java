package io.choria.lifecycle.natsserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NatsServerProcessTest {

    @Test
    void serverAcceptsClientsAndComesBackOnTheSamePortAfterAKill() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream()) {
            try (Connection nc = Nats.connect(Options.builder().server(server.url()).maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(100)).build())) {
                assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                server.kill();
                assertThat(server.isRunning()).isFalse();
                server.restart();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (nc.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                // JetStream recovers its store after the restart: on a busy machine its API may need a moment
                deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                boolean answered = false;
                while (!answered && System.nanoTime() < deadline) {
                    try {
                        answered = nc.jetStreamManagement().getAccountStatistics() != null;
                    } catch (Exception e) {
                        Thread.sleep(50);
                    }
                }
                assertThat(answered).as("JetStream answering after the restart").isTrue();
            }
        }
    }

    @Test
    void aServerIsNamedForItsPurposeAndPortAndClosingTwiceDoesNothingMore() {
        NatsServerProcess server = NatsServerProcess.builder().purpose("demo").start();
        assertThat(server.name()).isEqualTo("demo-" + server.port());
        assertThat(server.dir().getFileName().toString()).startsWith("choria-lifecycle-demo-");
        server.close();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThat(server.dir()).doesNotExist();
    }

    @Test
    void freePortsDiffer() {
        int[] ports = NatsServerProcess.freePorts(5);
        assertThat(java.util.Arrays.stream(ports).distinct().count()).isEqualTo(5);
    }
}
