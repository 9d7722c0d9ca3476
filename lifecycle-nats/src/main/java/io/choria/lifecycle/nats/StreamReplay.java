package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.StreamContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Reads Choria Broker's {@code CHORIA_EVENTS} stream from a point in time with an ordered
 * consumer, which then keeps delivering new events as the stream stores them.
 */
final class StreamReplay {
    private static final String STREAM = EventSubscription.EVENTS_STREAM;
    private static final int STREAM_NOT_FOUND = 10059;
    /**
     * Short pulls, so heartbeats come every 2.5 s: a restarted broker forgets the ordered consumer,
     * and jnats recreates it only after missing heartbeats (with its default 30 s pulls, a minute or more).
     */
    private static final ConsumeOptions PULLS = ConsumeOptions.builder().expiresIn(5_000).build();

    private StreamReplay() {
    }

    static MessageConsumer start(Connection connection, Duration since, MessageHandler handler) {
        if (since.isNegative() || since.isZero()) {
            throw new LifecycleException("the replay period must be positive, not " + since);
        }
        try {
            StreamContext stream = connection.getStreamContext(STREAM);
            OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                    .filterSubject(EventSubscription.ALL_EVENTS)
                    .deliverPolicy(DeliverPolicy.ByStartTime)
                    .startTime(ZonedDateTime.now(ZoneOffset.UTC).minus(since));
            return stream.createOrderedConsumer(config).consume(PULLS, handler);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new LifecycleException("the JetStream stream " + STREAM + " does not exist on "
                        + ServerUrls.connectedServer(connection) + ", so there is nothing to replay");
            }
            throw new LifecycleException("cannot replay " + STREAM + ": " + e.getErrorDescription());
        } catch (IOException | RuntimeException e) {
            throw new LifecycleException("cannot replay " + STREAM + " from "
                    + ServerUrls.connectedServer(connection)
                    + " (is JetStream enabled?): " + e.getMessage());
        }
    }
}
