package io.choria.lifecycle.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered consumer an {@link EventStream} reads through, replaced when it stops delivering.
 *
 * <p>jnats recreates an ordered consumer after missed heartbeats, but not always with success: on
 * a cluster that lost the server holding the consumer, the new one may be placed on the dead
 * server again, or deliver nothing while heartbeats arrive, and readers were seen standing still
 * for a minute and more. So every {@link #CHECK_EVERY}, when nothing was handed on since the last
 * check, the broker is asked about the consumer; when it cannot say, or says messages wait, twice
 * in a row (a message stored just before a check is rightly still pending), a new consumer starts
 * after the last message handed on. The reader drops what the old one may still bring.
 */
final class ResumingConsumer implements AutoCloseable {
    private final AtomicBoolean closed = new AtomicBoolean();
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    /**
     * The checks' own requests wait at most this long (not the connection's 5 s): a consumer on a
     * dead server never answers, and the next check tries again anyway.
     */
    private static final JetStreamOptions CHECKS = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build();
    private static final int REPLACE_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ResumingConsumer.class);

    private final Connection connection;
    private final String stream;
    private final OrderedConsumerConfiguration first;
    private final String subject;
    private final ConsumeOptions pulls;
    private final MessageHandler handler;
    /** The stream sequence of the last message handed on, or -1 while one is being handed on. */
    private final LongSupplier lastHandedOn;
    /** Every consumer delivers here, so the old and the new one never hand on at the same time. */
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService checks;
    /** The consumer and its context, whose name follows jnats' own recreations (the consumer's does not). */
    private volatile MessageConsumer consumer;
    private volatile OrderedConsumerContext context;
    private long handedOnAtLastCheck = -1;
    private boolean lookedStalled;

    private ResumingConsumer(Connection connection, String stream, String subject, OrderedConsumerConfiguration first,
                             ConsumeOptions pulls, MessageHandler handler, LongSupplier lastHandedOn) {
        this.connection = connection;
        this.stream = stream;
        this.subject = subject;
        this.first = first.filterSubject(subject);
        this.pulls = pulls;
        this.handler = handler;
        this.lastHandedOn = lastHandedOn;
        this.dispatcher = connection.createDispatcher();
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-consumer-check");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Consumes {@code subject} of {@code stream} from where {@code first} says, handing messages to
     * {@code handler}; {@code lastHandedOn} tells where a replacement starts.
     */
    static ResumingConsumer start(Connection connection, String stream, String subject, OrderedConsumerConfiguration first,
                                  ConsumeOptions pulls, MessageHandler handler, LongSupplier lastHandedOn)
            throws IOException, JetStreamApiException {
        ResumingConsumer c = new ResumingConsumer(connection, stream, subject, first, pulls, handler, lastHandedOn);
        try {
            c.consume(c.first, null);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            c.close();
            throw e;
        }
        long every = CHECK_EVERY.toMillis();
        c.checks.scheduleWithFixedDelay(c::check, every, every, TimeUnit.MILLISECONDS);
        return c;
    }

    /** Starts a consumer and makes it the current one; returns the one it replaces, or null. */
    private MessageConsumer consume(OrderedConsumerConfiguration config, JetStreamOptions options)
            throws IOException, JetStreamApiException {
        OrderedConsumerContext next = connection.getStreamContext(stream, options).createOrderedConsumer(config);
        MessageConsumer started = next.consume(pulls, dispatcher, handler);
        MessageConsumer previous = consumer;
        context = next;
        consumer = started;
        return previous;
    }

    /**
     * What the broker says about the consumer now (jnats' {@code getConsumerInfo} answers from a
     * cache once asked).
     *
     * @throws IOException also while jnats has no consumer (between one and the next)
     */
    ConsumerInfo info() throws IOException, JetStreamApiException {
        String name = context.getConsumerName();
        if (name == null) {
            throw new IOException("no consumer at the moment");
        }
        return connection.jetStreamManagement(CHECKS).getConsumerInfo(stream, name);
    }

    private void check() {
        long now = lastHandedOn.getAsLong();
        boolean idle = now >= 0 && now == handedOnAtLastCheck;
        handedOnAtLastCheck = now;
        boolean stalled = idle && connection.getStatus() == Connection.Status.CONNECTED && stalled();
        if (stalled && lookedStalled && replace(now)) {
            stalled = false;
        }
        lookedStalled = stalled; // after a failed replacement: try again at the next check
    }

    private boolean stalled() {
        try {
            return info().getNumPending() > 0;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return true; // gone with its server, or jnats is between consumers
        }
    }

    /**
     * Starts a new consumer after stream sequence {@code after}, or where the first one started
     * when 0. Tried a few times at once: until the cluster counts a killed server as offline it may
     * place the new consumer there, and that one never answers.
     */
    private boolean replace(long after) {
        OrderedConsumerConfiguration next = after == 0 ? first : new OrderedConsumerConfiguration()
                .filterSubject(subject).deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(after + 1);
        for (int attempt = 1; attempt <= REPLACE_ATTEMPTS; attempt++) {
            try {
                consume(next, CHECKS).stop();
                LOG.info("Reading stream {} on after sequence {}: its consumer had stopped delivering", stream, after);
                return true;
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                LOG.debug("cannot replace the stalled consumer of stream {} yet: {}", stream, e.toString());
            }
        }
        return false;
    }

    /** Stops consuming; the connection stays open. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // jnats throws when a dispatcher is closed twice
        }
        checks.shutdownNow();
        MessageConsumer c = consumer;
        if (c != null) {
            c.stop();
        }
        if (connection.getStatus() != Connection.Status.CLOSED) {
            connection.closeDispatcher(dispatcher);
        }
    }
}
