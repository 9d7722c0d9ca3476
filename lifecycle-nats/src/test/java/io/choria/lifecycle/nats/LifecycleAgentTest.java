package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.AliveEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LifecycleAgentTest {
    private NatsServerProcess server;
    private Connection service;
    private Connection watcher;
    private final List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
    private EventSubscription subscription;

    @BeforeEach
    void start() {
        server = NatsServerProcess.start();
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url()).build();
        service = NatsConnector.connect(settings);
        watcher = NatsConnector.connect(settings);
        subscription = EventSubscription.subscribe(watcher, EventFilter.ALL, received::add);
    }

    @AfterEach
    void stop() throws InterruptedException {
        subscription.close();
        service.close();
        watcher.close();
        server.close();
    }

    private List<EventType> types() {
        return received.stream().map(r -> r.event().type()).toList();
    }

    @Test
    void publishesStartupThenAliveEveryIntervalThenShutdownInCloudEventsByDefault() {
        LifecycleAgent agent = LifecycleAgent.builder().connection(service).component("billing")
                .identity("svc1.example.net").version("4.2.0").interval(Duration.ofMillis(150)).build();
        agent.start();
        Poll.until(() -> types().stream().filter(t -> t == EventType.ALIVE).count() >= 3, () -> types().toString());
        agent.close();
        Poll.until(() -> types().contains(EventType.SHUTDOWN), () -> types().toString());

        List<EventType> types = types();
        assertThat(types.get(0)).isEqualTo(EventType.STARTUP);
        assertThat(types.get(types.size() - 1)).isEqualTo(EventType.SHUTDOWN);
        assertThat(types.subList(1, types.size() - 1)).containsOnly(EventType.ALIVE);
        ReceivedEvent startup = received.get(0);
        assertThat(startup.subject()).isEqualTo("choria.lifecycle.event.startup.billing");
        assertThat(WireFormat.detect(startup.body())).isEqualTo(WireFormat.CLOUDEVENT_V1);
        assertThat(startup.event().toString()).isEqualTo("[startup] svc1.example.net: billing version 4.2.0");
        assertThat(((AliveEvent) received.get(1).event()).version()).isEqualTo("4.2.0");
        assertThat(received.get(types.size() - 1).subject()).isEqualTo("choria.lifecycle.event.shutdown.billing");

        int seen = received.size();
        agent.close();
        assertThat(received).hasSize(seen);
    }

    @Test
    void legacyFormatAndDefaultIdentity() {
        try (LifecycleAgent agent = LifecycleAgent.builder().connection(service).component("svc").version("1")
                .legacyFormat(true).build().start()) {
            Poll.until(() -> !received.isEmpty(), () -> types().toString());
            assertThat(WireFormat.detect(received.get(0).body())).isEqualTo(WireFormat.CHORIA);
            assertThat(received.get(0).event().identity()).isEqualTo(agent.identity()).isNotEmpty();
        }
        Poll.until(() -> types().contains(EventType.SHUTDOWN), () -> types().toString());
        // the default interval is 30 minutes: no alive event in the short life of this agent
        assertThat(types()).containsExactly(EventType.STARTUP, EventType.SHUTDOWN);
    }

    @Test
    void identityAndFormatComeFromAChoriaConfig() {
        ChoriaConfig config = ChoriaConfig.parse(java.nio.file.Path.of("client.conf"),
                List.of("identity = web1.example.net", "plugin.choria.legacy_lifecycle_format = true"));
        try (LifecycleAgent agent = LifecycleAgent.builder().connection(service).component("web").version("2")
                .choriaConfig(config).build().start()) {
            Poll.until(() -> !received.isEmpty(), () -> types().toString());
            assertThat(received.get(0).event().identity()).isEqualTo("web1.example.net");
            assertThat(WireFormat.detect(received.get(0).body())).isEqualTo(WireFormat.CHORIA);
        }
    }

    @Test
    void publishingFailuresNeverReachTheHostService() throws InterruptedException {
        service.close();
        LifecycleAgent agent = LifecycleAgent.builder().connection(service).component("svc").version("1")
                .interval(Duration.ofMillis(50)).build();
        assertThatCode(agent::start).as("the startup publish fails in the caller's thread, and stays there")
                .doesNotThrowAnyException();
        // a failure thrown on the agent's own thread would cancel its schedule: alives go on failing instead
        Poll.until(Duration.ofSeconds(10), () -> agent.publishFailures() >= 4, () -> agent.publishFailures() + " failures");
        long before = agent.publishFailures();
        assertThatCode(agent::close).doesNotThrowAnyException();
        assertThat(agent.publishFailures()).as("the shutdown too").isGreaterThan(before);
        assertThat(received).isEmpty();
    }

    @Test
    void anIntervalUnderAMillisecondIsRefusedWhenBuiltNotThrownLaterByStart() {
        // start() schedules in whole milliseconds: 500 ns made it throw IllegalArgumentException into the host
        assertThatThrownBy(() -> LifecycleAgent.builder().interval(Duration.ofNanos(500)))
                .isInstanceOfSatisfying(LifecycleException.class,
                        e -> assertThat(e.reason()).isEqualTo(LifecycleException.Reason.INVALID_INPUT))
                .hasMessage("the alive interval must be at least 1 ms");
    }

    @Test
    void badSettingsAreTheLibrarysInvalidInputErrors() {
        assertThatThrownBy(() -> LifecycleAgent.builder().format(WireFormat.UNKNOWN))
                .isInstanceOfSatisfying(LifecycleException.class,
                        e -> assertThat(e.reason()).isEqualTo(LifecycleException.Reason.INVALID_INPUT))
                .hasMessage("the agent publishes Choria or CloudEvents format, not UnknownFormat");
        assertThatThrownBy(() -> LifecycleAgent.builder().connection(service).component(" ").build())
                .isInstanceOfSatisfying(LifecycleException.class,
                        e -> assertThat(e.reason()).isEqualTo(LifecycleException.Reason.INVALID_INPUT))
                .hasMessage("the agent needs a component");
    }

    @Test
    void withItsOwnConnectionItStartsWhileTheBrokerIsDownAndPublishesWhatItOwesOnceTheBrokerIsUp() throws InterruptedException {
        int port = NatsServerProcess.freePort();
        ConnectionSettings settings = ConnectionSettings.builder().server("nats://127.0.0.1:" + port).build();
        LifecycleAgent agent = LifecycleAgent.builder().connectInBackground(settings).component("billing")
                .identity("svc2.example.net").version("4.3.0").interval(Duration.ofMillis(100)).build().start();
        try {
            assertThat(agent.connectionStatus()).isEqualTo(Connection.Status.CONNECTING);
            Poll.until(() -> agent.connectionError().isPresent(), () -> "no connect error yet");
            assertThat(agent.connectionError().get()).startsWith("cannot connect to nats://127.0.0.1:" + port + ": ");
            assertThat(agent.eventsPublished()).isZero();
            try (NatsServerProcess late = NatsServerProcess.builder().port(port).start();
                    Connection lateWatcher = NatsConnector.connect(ConnectionSettings.builder().server(late.url()).build())) {
                List<ReceivedEvent> seen = new CopyOnWriteArrayList<>();
                try (EventSubscription s = EventSubscription.subscribe(lateWatcher, EventFilter.ALL, seen::add)) {
                    Poll.until(Duration.ofSeconds(20), () -> seen.stream().anyMatch(r -> r.event().type() == EventType.ALIVE),
                            () -> seen + ", agent " + agent.connectionStatus() + " " + agent.connectionError());
                    assertThat(seen.get(0).event().toString()).isEqualTo("[startup] svc2.example.net: billing version 4.3.0");
                    assertThat(agent.connectionStatus()).isEqualTo(Connection.Status.CONNECTED);
                    assertThat(agent.connectionError()).isEmpty();
                    agent.close();
                    Poll.until(() -> seen.stream().anyMatch(r -> r.event().type() == EventType.SHUTDOWN), seen::toString);
                    assertThat(agent.connectionStatus()).isEqualTo(Connection.Status.CLOSED);
                    assertThat(agent.eventsPublished()).isEqualTo(seen.size());
                    assertThat(agent.publishFailures()).isZero();
                }
            }
        } finally {
            agent.close();
        }
    }

    @Test
    void closedBeforeAnyBrokerAnsweredItStopsTryingAndCountsStartupAndShutdownAsNotPublished() {
        ConnectionSettings settings = ConnectionSettings.builder().server("nats://127.0.0.1:" + NatsServerProcess.freePort())
                .build();
        LifecycleAgent agent = LifecycleAgent.builder().connectInBackground(settings).component("svc").version("1")
                .build().start();
        Poll.until(() -> agent.connectionError().isPresent(), () -> "no connect error yet");
        agent.close();
        assertThat(agent.connectionStatus()).isEqualTo(Connection.Status.CLOSED);
        assertThat(agent.publishFailures()).isEqualTo(2);
        Poll.until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("lifecycle-connect")),
                () -> "the connecting thread still runs");
    }

    @Test
    void settingsThatCannotWorkFailWhenBuiltNotForeverInTheBackground() {
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url())
                .credentials(java.nio.file.Path.of("/nonexistent/agent.creds")).build();
        assertThatThrownBy(() -> LifecycleAgent.builder().connectInBackground(settings).component("svc").build())
                .isInstanceOfSatisfying(LifecycleException.class,
                        e -> assertThat(e.reason()).isEqualTo(LifecycleException.Reason.INVALID_INPUT))
                .hasMessage("NATS credentials file /nonexistent/agent.creds does not exist or is not readable");
    }

    @Test
    void countsWhatItPublishedOnAGivenConnection() {
        try (LifecycleAgent agent = LifecycleAgent.builder().connection(service).component("svc").version("1")
                .interval(Duration.ofMillis(50)).build().start()) {
            Poll.until(() -> received.size() >= 3, () -> types().toString());
            assertThat(agent.eventsPublished()).isGreaterThanOrEqualTo(3);
            assertThat(agent.connectionStatus()).isEqualTo(Connection.Status.CONNECTED);
            assertThat(agent.connectionError()).isEmpty();
        }
    }
}
