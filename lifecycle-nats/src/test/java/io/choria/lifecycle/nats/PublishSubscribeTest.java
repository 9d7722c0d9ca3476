package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PublishSubscribeTest {
    private NatsServerProcess server;
    private Connection publisher;
    private Connection subscriber;
    private final List<ReceivedEvent> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = NatsServerProcess.start();
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url()).build();
        publisher = NatsConnector.connect(settings);
        subscriber = NatsConnector.connect(settings);
    }

    @AfterEach
    void stop() throws InterruptedException {
        publisher.close();
        subscriber.close();
        server.close();
    }

    private static LifecycleEvent startup(String component, WireFormat format) {
        LifecycleEvent e = Lifecycle.newEvent(EventType.STARTUP, EventOption.component(component),
                EventOption.identity("n1.example.net"), EventOption.version("1.2.3"));
        e.setFormat(format);
        return e;
    }

    @Test
    void bothFormatsTravelToTheirSubjectAndDecodeEqual() {
        try (EventSubscription sub = EventSubscription.subscribe(subscriber, EventFilter.ALL, received::add)) {
            subscriber.flush(Duration.ofSeconds(5));
            LifecycleEvent choria = startup("server", WireFormat.CHORIA);
            LifecycleEvent cloud = startup("server", WireFormat.CLOUDEVENT_V1);
            EventPublisher.publishAndWait(publisher, choria, Duration.ofSeconds(5));
            EventPublisher.publishAndWait(publisher, cloud, Duration.ofSeconds(5));
            Poll.until(() -> received.size() == 2, received::toString);

            assertThat(received.get(0).subject()).isEqualTo("choria.lifecycle.event.startup.server");
            assertThat(received.get(0).event()).isEqualTo(choria);
            assertThat(received.get(0).body()).isEqualTo(Lifecycle.toJson(choria));
            assertThat(received.get(1).event()).isEqualTo(cloud);
            assertThat(received.get(1).event().format()).isEqualTo(WireFormat.CLOUDEVENT_V1);
            assertThat(WireFormat.detect(received.get(1).body())).isEqualTo(WireFormat.CLOUDEVENT_V1);
            assertThat(sub.delivered()).isEqualTo(2);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void filtersByTypeAndExactComponent() throws Exception {
        try (EventSubscription sub = EventSubscription.subscribe(subscriber, EventFilter.of("alive", "server"),
                received::add)) {
            subscriber.flush(Duration.ofSeconds(5));
            EventPublisher.publish(publisher, startup("server", WireFormat.CHORIA));
            EventPublisher.publish(publisher, Lifecycle.newEvent("alive", EventOption.component("servers"),
                    EventOption.version("1")));
            EventPublisher.publish(publisher, Lifecycle.newEvent("alive", EventOption.component("server"),
                    EventOption.identity("wanted"), EventOption.version("1")));
            publisher.flush(Duration.ofSeconds(5));
            Poll.until(() -> sub.received() == 3, () -> "3 messages, got " + sub.received());
            assertThat(received).extracting(r -> r.event().identity()).containsExactly("wanted");
        }
    }

    @Test
    void unknownTypeFilterIsRejected() {
        assertThatThrownBy(() -> EventFilter.of("started", null))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("unknown event type 'started', valid types are alive, governor, provisioned, shutdown,"
                        + " startup, upgraded");
    }

    @Test
    void badMessagesAndFailingHandlersAreCountedAndSkipped() throws Exception {
        try (EventSubscription sub = EventSubscription.subscribe(subscriber, EventFilter.ALL, r -> {
            if (r.event().identity().equals("explode")) {
                throw new IllegalStateException("handler bug");
            }
            received.add(r);
        })) {
            subscriber.flush(Duration.ofSeconds(5));
            publisher.publish("choria.lifecycle.event.startup.server", "not json".getBytes(StandardCharsets.UTF_8));
            publisher.publish("choria.lifecycle.event.startup.server", "{\"protocol\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            publisher.publish("choria.lifecycle.event.startup.server", new byte[0]);
            EventPublisher.publish(publisher, Lifecycle.newEvent("shutdown", EventOption.component("server"),
                    EventOption.identity("explode")));
            EventPublisher.publish(publisher, startup("server", WireFormat.CHORIA));
            publisher.flush(Duration.ofSeconds(5));
            Poll.until(() -> received.size() == 1, () -> "the good event after the bad ones");
            assertThat(sub.received()).isEqualTo(5);
            assertThat(sub.undecodable()).isEqualTo(3);
            assertThat(sub.handlerFailures()).isEqualTo(1);
            assertThat(sub.delivered()).isEqualTo(1);
        }
    }

    @Test
    void incompleteEventIsRefused() {
        LifecycleEvent noComponent = Lifecycle.newEvent("startup");
        assertThatThrownBy(() -> EventPublisher.publish(publisher, noComponent))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("event is not complete, component has not been set");
    }

    @Test
    void subscriptionCarriesOnAfterTheBrokerIsKilledAndRestarted() throws Exception {
        try (EventSubscription sub = EventSubscription.subscribe(subscriber, EventFilter.ALL, received::add)) {
            subscriber.flush(Duration.ofSeconds(5));
            EventPublisher.publishAndWait(publisher, startup("before", WireFormat.CHORIA), Duration.ofSeconds(5));
            Poll.until(() -> received.size() == 1, () -> "the first event");

            server.kill();
            server.restart();
            Poll.until(Duration.ofSeconds(30), () -> reconnected(subscriber) && reconnected(publisher),
                    () -> "both reconnected");
            // publish until one arrives: the subscriber's resubscription may reach the broker after the
            // first publish
            Poll.until(Duration.ofSeconds(30), () -> {
                try {
                    EventPublisher.publishAndWait(publisher, startup("after", WireFormat.CLOUDEVENT_V1),
                            Duration.ofSeconds(1));
                } catch (LifecycleException e) {
                    return false;
                }
                return received.size() >= 2;
            }, received::toString);
            assertThat(received).extracting(r -> r.event().component()).startsWith("before", "after")
                    .containsOnly("before", "after");
            assertThat(sub.delivered()).isEqualTo(received.size());
        }
    }

    private static boolean reconnected(Connection c) {
        return c.getStatistics().getReconnects() >= 1 && c.getStatus() == Connection.Status.CONNECTED;
    }

    @Test
    void publishingOnAClosedConnectionIsAOneLineError() throws InterruptedException {
        publisher.close();
        assertThatThrownBy(() -> EventPublisher.publish(publisher, startup("server", WireFormat.CHORIA)))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CONNECTED))
                .hasMessageStartingWith("cannot publish startup event: ");
    }

    @Test
    void subscribingOnAClosedConnectionIsAOneLineError() throws InterruptedException {
        publisher.close();
        assertThatThrownBy(() -> EventSubscription.subscribe(publisher, EventFilter.ALL, received -> { }))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CONNECTED))
                .hasMessageStartingWith("cannot subscribe to choria.lifecycle.event.>: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aComponentThatMakesNoSubjectIsALifecycleException() {
        // jnats refuses whitespace in subjects with IllegalArgumentException; publish --component 'my svc'
        // printed 'internal error: IllegalArgumentException: ...'
        LifecycleEvent event = startup("my svc", WireFormat.CHORIA);
        assertThatThrownBy(() -> EventPublisher.publishAndWait(publisher, event, Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                .hasMessageStartingWith("cannot publish startup event to 'choria.lifecycle.event.startup.my svc': ");
    }
}
