package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every AutoCloseable of the module closes once: a second close does nothing and throws nothing. */
class ClosingTwiceTest {
    private NatsServerProcess server;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        server = NatsServerProcess.startWithJetStream();
        connection = Nats.connect(server.url());
        connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(EventStream.NAME)
                .subjects("choria.lifecycle.>").build());
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        server.close();
    }

    private static void closeTwice(AutoCloseable c) {
        assertThatCode(() -> {
            c.close();
            c.close();
        }).doesNotThrowAnyException();
    }

    @Test
    void liveAndStreamSubscriptions() {
        closeTwice(EventSubscription.subscribe(connection, EventFilter.ALL, e -> { }));
        closeTwice(EventSubscription.fromStream(connection, Instant.now(), EventFilter.ALL, e -> { }));
    }

    @Test
    void theStreamReader() {
        closeTwice(EventStream.read(connection, "choria.lifecycle.event.>", Instant.now(), (m, live) -> { }));
    }

    @Test
    void theViewerOnItsOwnConnectionAndOnOurs() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        closeTwice(EventViewer.view(ConnectionSettings.builder().server(server.url()).build(),
                ViewOptions.builder().output(out).build()));
        closeTwice(EventViewer.writeEvents(connection, ViewOptions.builder().output(out).build()));
    }

    @Test
    void theServiceAgent() {
        closeTwice(LifecycleAgent.builder().connection(connection).component("svc").identity("n1").version("1")
                .interval(Duration.ofMinutes(30)).build().start());
    }
}
