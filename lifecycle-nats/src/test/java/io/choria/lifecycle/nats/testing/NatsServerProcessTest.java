package io.choria.lifecycle.nats.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NatsServerProcessTest {

    @Test
    void serverAcceptsClientsAndComesBackOnTheSamePortAfterAKill() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream()) {
            try (Connection nc = NatsConnector.connect(ConnectionSettings.builder().server(server.url()).build())) {
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
                Poll.until(() -> {
                    try {
                        return nc.jetStreamManagement().getAccountStatistics() != null;
                    } catch (Exception e) {
                        return false;
                    }
                }, () -> "JetStream answering after the restart");
            }
        }
    }
}
