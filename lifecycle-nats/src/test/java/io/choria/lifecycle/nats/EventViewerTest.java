package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventViewerTest {
    /** 10:36:13 in Amsterdam (UTC+1 in November): the viewer must print local wall-clock time. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:36:13Z"), ZoneId.of("Europe/Amsterdam"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private NatsServerProcess server;
    private Connection publisher;

    @AfterEach
    void stop() throws InterruptedException {
        if (publisher != null) {
            publisher.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ConnectionSettings start(boolean jetStream) {
        server = jetStream ? NatsServerProcess.startWithJetStream() : NatsServerProcess.start();
        ConnectionSettings settings = ConnectionSettings.builder().server(server.url()).build();
        publisher = NatsConnector.connect(settings);
        return settings;
    }

    private List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private void awaitLines(int n) {
        Poll.until(() -> lines().size() >= n, () -> n + " lines, got " + lines());
    }

    private static LifecycleEvent event(String type, String component, String identity) {
        return type.equals("shutdown")
                ? Lifecycle.newEvent(type, EventOption.component(component), EventOption.identity(identity))
                : Lifecycle.newEvent(type, EventOption.component(component), EventOption.identity(identity),
                        EventOption.version("1.2.3"));
    }

    private void publish(LifecycleEvent e) {
        EventPublisher.publishAndWait(publisher, e, Duration.ofSeconds(5));
    }

    private ViewOptions.Builder options() {
        return ViewOptions.builder().output(out).clock(CLOCK);
    }

    @Test
    void printsTheWaitingLineThenOneTimedDisplayLinePerEvent() {
        ConnectionSettings settings = start(false);
        try (EventViewer viewer = EventViewer.view(settings, options().build())) {
            awaitLines(1);
            publisher.publish("choria.lifecycle.event.alive.server", "{garbage".getBytes(StandardCharsets.UTF_8));
            LifecycleEvent cloud = event("startup", "ginkgo", "ginkgo.example.net");
            cloud.setFormat(WireFormat.CLOUDEVENT_V1);
            publish(cloud);
            publish(event("shutdown", "server", "n2"));
            awaitLines(3);
            assertThat(lines()).containsExactly(
                    "Waiting for events from topic choria.lifecycle.event.> on " + server.url(),
                    "10:36:13 [startup] ginkgo.example.net: ginkgo version 1.2.3",
                    "10:36:13 [shutdown] n2: server");
            assertThat(viewer.subscription().undecodable()).isEqualTo(1);
        }
    }

    @Test
    void filtersDebugAndJsonModes() throws Exception {
        start(false);
        ByteArrayOutputStream debugBytes = new ByteArrayOutputStream();
        PrintStream debugOut = new PrintStream(debugBytes, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream jsonBytes = new ByteArrayOutputStream();
        PrintStream jsonOut = new PrintStream(jsonBytes, true, StandardCharsets.UTF_8);
        try (EventViewer filtered = EventViewer.writeEvents(publisher, options().typeFilter("alive")
                        .componentFilter("server").build());
             EventViewer debug = EventViewer.writeEvents(publisher, options().output(debugOut).debug(true)
                     .componentFilter("choria").build());
             EventViewer json = EventViewer.writeEvents(publisher, options().output(jsonOut).json(true)
                     .typeFilter("startup").build())) {
            publisher.flush(Duration.ofSeconds(5));
            LifecycleEvent cloudStartup = event("startup", "choria", "c1");
            cloudStartup.setFormat(WireFormat.CLOUDEVENT_V1);
            publish(cloudStartup);
            publish(event("alive", "server", "a1"));
            publish(event("alive", "server-x", "a2"));
            publish(event("startup", "server", "s1"));
            Poll.until(() -> filtered.subscription().received() == 4 && debug.subscription().received() == 4
                    && json.subscription().received() == 4, () -> "all viewers got 4 messages");

            assertThat(lines()).hasSize(2).element(1).isEqualTo("10:36:13 [alive] a1: server version 1.2.3");
            assertThat(debugBytes.toString(StandardCharsets.UTF_8).split("\n")).containsExactly(
                    "Waiting for events from topic choria.lifecycle.event.> on " + server.url(),
                    new String(Lifecycle.toJson(cloudStartup), StandardCharsets.UTF_8));
            LifecycleEvent choriaStartup = Lifecycle.fromJson(Lifecycle.toJson(cloudStartup));
            choriaStartup.setFormat(WireFormat.CHORIA);
            String[] jsonLines = jsonBytes.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(jsonLines).hasSize(3);
            assertThat(jsonLines[1]).isEqualTo(new String(Lifecycle.toJson(choriaStartup), StandardCharsets.UTF_8))
                    .startsWith("{\"protocol\":\"io.choria.lifecycle.v1.startup\"");
            assertThat(WireFormat.detect(jsonLines[1].getBytes(StandardCharsets.UTF_8))).isEqualTo(WireFormat.CHORIA);
            assertThat(Lifecycle.fromJson(jsonLines[2].getBytes(StandardCharsets.UTF_8)).identity()).isEqualTo("s1");
        }
    }

    @Test
    void unknownTypeFilterIsRejectedBeforeConnecting() {
        assertThatThrownBy(() -> options().typeFilter("bogus").build())
                .isInstanceOf(LifecycleException.class)
                .hasMessageStartingWith("unknown event type 'bogus', valid types are alive,");
    }

    @Test
    void viewerCarriesOnAfterTheBrokerIsKilledAndRestarted() {
        ConnectionSettings settings = start(false);
        try (EventViewer viewer = EventViewer.view(settings, options().build())) {
            publish(event("startup", "server", "before"));
            awaitLines(2);
            server.kill();
            server.restart();
            Poll.until(Duration.ofSeconds(30), () -> publisher.getStatistics().getReconnects() >= 1
                    && publisher.getStatus() == Connection.Status.CONNECTED, () -> "publisher reconnected");
            // the viewer's own connection resubscribes on reconnect; publish until it sees one
            Poll.until(Duration.ofSeconds(30), () -> {
                try {
                    EventPublisher.publishAndWait(publisher, event("alive", "server", "after"), Duration.ofSeconds(1));
                } catch (LifecycleException e) {
                    return false; // the publisher is still reconnecting: try again
                }
                return lines().size() >= 3;
            }, () -> "an event after the restart, got " + lines());
            assertThat(lines().get(2)).isEqualTo("10:36:13 [alive] after: server version 1.2.3");
        }
    }

    @Test
    void replaysTheEventStreamSinceADurationThenGoesOnLiveShowingEachEventsOwnTime() throws Exception {
        start(true);
        JetStreamManagement jsm = publisher.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name("CHORIA_EVENTS").subjects("choria.lifecycle.>").build());
        // the stream keeps them: a replay shows when they happened, not when they were read
        publish(at(event("startup", "server", "yesterday"), "2026-11-26T22:05:00Z"));
        publish(at(event("startup", "server", "two-hours-ago"), "2026-11-27T07:36:10Z"));
        try (EventViewer viewer = EventViewer.writeEvents(publisher, options().since(Duration.ofHours(2)).build())) {
            awaitLines(3);
            publish(at(event("alive", "server", "live"), "2026-11-27T09:36:13Z"));
            awaitLines(4);
            assertThat(lines()).containsExactly(
                    "Waiting for events from topic choria.lifecycle.event.> on " + server.url(),
                    "2026-11-26 23:05:00 [startup] yesterday: server version 1.2.3",
                    "08:36:10 [startup] two-hours-ago: server version 1.2.3",
                    "10:36:13 [alive] live: server version 1.2.3");
        }
    }

    private static LifecycleEvent at(LifecycleEvent e, String time) {
        e.setTimestamp(Instant.parse(time));
        return e;
    }

    @Test
    void replayCarriesOnSoonAfterTheBrokerIsKilledAndRestarted() throws Exception {
        // the broker forgets the ordered consumer; jnats recreates it only after missed heartbeats,
        // which with its default 30 s pulls took over a minute of silence in view --since
        ConnectionSettings settings = start(true);
        publisher.jetStreamManagement().addStream(
                StreamConfiguration.builder().name("CHORIA_EVENTS").subjects("choria.lifecycle.>").build());
        publish(event("startup", "server", "before"));
        try (EventViewer viewer = EventViewer.view(settings, options().since(Duration.ofHours(1)).build())) {
            awaitLines(2);
            server.kill();
            server.restart();
            Poll.until(Duration.ofSeconds(30), () -> publisher.getStatistics().getReconnects() >= 1
                    && publisher.getStatus() == Connection.Status.CONNECTED, () -> "publisher reconnected");
            publish(at(event("alive", "server", "after"), "2026-11-27T09:36:13Z"));
            Poll.until(Duration.ofSeconds(30), () -> lines().size() >= 3, () -> "the event after the restart, got "
                    + lines());
            assertThat(lines().get(2)).isEqualTo("10:36:13 [alive] after: server version 1.2.3");
        }
    }

    @Test
    void replayWithoutTheStreamIsAClearError() {
        start(true);
        assertThatThrownBy(() -> EventViewer.writeEvents(publisher, options().since(Duration.ofMinutes(30)).build()))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STREAM_MISSING))
                .hasMessage("the JetStream stream CHORIA_EVENTS does not exist on " + server.url()
);
    }

    @Test
    void theWaitingLineDoesNotShowThePasswordOfTheServerUrl() {
        // the reference prints nats://host:port; a password in --server must not end up in the output
        server = NatsServerProcess.start(false, "authorization {\n  user: watcher\n  password: s3cret\n}");
        ConnectionSettings settings = ConnectionSettings.builder()
                .server("nats://watcher:s3cret@127.0.0.1:" + server.port()).build();
        try (EventViewer viewer = EventViewer.view(settings, options().build())) {
            assertThat(lines()).containsExactly(
                    "Waiting for events from topic choria.lifecycle.event.> on nats://127.0.0.1:" + server.port());
        }
    }
}
