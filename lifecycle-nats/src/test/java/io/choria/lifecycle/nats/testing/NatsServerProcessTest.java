package io.choria.lifecycle.nats.testing;

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
            Options options = new Options.Builder().server(server.url()).maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(50)).build();
            try (Connection nc = Nats.connect(options)) {
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
