package io.choria.lifecycle.nats.testing;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.NatsConnector;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NatsClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aClientMovesWhenItsServerIsKilledAndTheRestartedServerCatchesUpWithTheStream() throws Exception {
        try (NatsCluster cluster = NatsCluster.startWithJetStream(3);
             // requests time out after 1 s, not 5: the first ones, while JetStream elects its leader, are tried again sooner
             Connection admin = NatsConnector.connect(cluster.settings().toBuilder().connectTimeout(Duration.ofSeconds(1)).build())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            // the cluster elects its JetStream meta leader after the servers are up: ask until it answers
            Poll.untilSucceeds(WAIT, () -> jsm.addStream(StreamConfiguration.builder().name("S").subjects("s.>")
                    .replicas(3).build()), () -> "the stream created\n" + cluster.logs());
            NatsServerProcess leader = cluster.awaitStreamReplicated(admin, "S", WAIT);
            // a follower: killing the stream's leader would cost a leader election of several seconds
            NatsServerProcess follower = cluster.servers().stream().filter(s -> s != leader).findFirst().orElseThrow();
            try (Connection c = cluster.connectThrough(follower)) {
                assertThat(cluster.serving(c)).isSameAs(follower);
                c.jetStream().publish("s.1", "before".getBytes(StandardCharsets.UTF_8));

                follower.kill();
                // the same message id on every try: one stored however many tries time out
                PublishOptions once = PublishOptions.builder().messageId("after").build();
                JetStream js = c.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(1)).build());
                Poll.untilSucceeds(WAIT, () -> js.publish("s.2", "after".getBytes(StandardCharsets.UTF_8), once),
                        () -> "a message stored after the server died\n" + cluster.logs());
                assertThat(cluster.serving(c)).isNotSameAs(follower);
            }
            follower.restart();
            cluster.awaitStreamReplicated(admin, "S", WAIT);
            assertThat(jsm.getStreamInfo("S").getStreamState().getMsgCount()).isEqualTo(2);
        }
    }
}
