package io.choria.lifecycle.nats.election;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.GoDuration;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value #NAME} key-value bucket elections run in: the Choria Broker makes it; when it is
 * missing we create it with a {@link #CREATED_TTL} TTL and say so.
 */
final class ElectionBucket {
    static final String NAME = "CHORIA_LEADER_ELECTION";
    static final Duration CREATED_TTL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ElectionBucket.class);

    private ElectionBucket() {
    }

    /** The bucket's keys and its TTL. */
    record Opened(KeyValue keys, Duration ttl) {
    }

    /**
     * Opens the bucket, creating it when missing.
     *
     * @throws LifecycleException when JetStream or the bucket cannot be used, or its TTL is outside 1s..1h
     */
    static Opened open(Connection connection) {
        try {
            KeyValueManagement kvm = connection.keyValueManagement();
            KeyValueStatus status;
            try {
                status = kvm.getStatus(NAME);
            } catch (JetStreamApiException e) {
                if (e.getErrorCode() != 404) {
                    throw e;
                }
                LOG.info("Leader election bucket {} does not exist, creating it with a TTL of {}",
                        NAME, GoDuration.format(CREATED_TTL));
                status = create(kvm);
            }
            Duration ttl = status.getTtl();
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
                throw new LifecycleException(Reason.INVALID_INPUT, "bucket " + NAME + " has a TTL of " + GoDuration.format(ttl)
                        + ", leader election needs between 1s and 1h");
            }
            return new Opened(connection.keyValue(NAME), ttl);
        } catch (JetStreamApiException e) {
            throw new LifecycleException(Reason.REFUSED, "cannot use leader election bucket " + NAME + ": " + e.getMessage(), e);
        } catch (IOException e) { // no answer to a JetStream request: no JetStream, or no broker
            throw new LifecycleException(Reason.TIMED_OUT, "cannot use leader election bucket " + NAME + ": " + e.getMessage(), e);
        }
    }

    private static KeyValueStatus create(KeyValueManagement kvm) throws IOException, JetStreamApiException {
        try {
            return kvm.create(KeyValueConfiguration.builder().name(NAME).ttl(CREATED_TTL).build());
        } catch (JetStreamApiException raced) {
            return kvm.getStatus(NAME); // another instance made it at the same moment
        }
    }
}
