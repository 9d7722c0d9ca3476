package io.choria.lifecycle.spring;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.EventFilter;
import io.choria.lifecycle.nats.EventSubscription;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.ReceivedEvent;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What arrives on the broker's lifecycle subjects, as the project's subscriber decodes it. */
final class EventWatcher implements AutoCloseable {
    private final Connection connection;
    private final EventSubscription subscription;
    private final List<ReceivedEvent> received = new CopyOnWriteArrayList<>();

    EventWatcher(String url) {
        connection = NatsConnector.connect(ConnectionSettings.builder().server(url).name("watcher").build());
        subscription = EventSubscription.subscribe(connection, EventFilter.ALL, received::add);
    }

    Connection connection() {
        return connection;
    }

    List<ReceivedEvent> received() {
        return List.copyOf(received);
    }

    List<EventType> types() {
        return received.stream().map(r -> r.event().type()).toList();
    }

    /** Waits until {@code n} events of {@code type} have arrived. */
    void awaitCount(EventType type, int n, Duration timeout) {
        Poll.until(timeout, () -> types().stream().filter(t -> t == type).count() >= n, () -> "events so far: " + types());
    }

    void await(EventType type) {
        awaitCount(type, 1, Duration.ofSeconds(20));
    }

    @Override
    public void close() throws InterruptedException {
        subscription.close();
        connection.close();
    }
}
