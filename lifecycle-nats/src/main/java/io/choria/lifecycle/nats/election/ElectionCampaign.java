package io.choria.lifecycle.nats.election;

import io.choria.lifecycle.LifecycleException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election the way every Choria component does it, so our instances, the Go tally and
 * other Choria services can share a campaign: a candidate <em>creates</em> the campaign key in
 * the {@value #BUCKET} bucket (value: its name); the leader keeps it alive by <em>updating</em>
 * it with the last revision; the bucket's TTL removes the key of a leader that died. "Won" is
 * announced after the next successful maintenance, "lost" when an update fails, when the
 * {@link LeaderLease} ends before an update went through, or on close. The callbacks run under
 * the campaign's lock, so they arrive in order: keep them short.
 */
public final class ElectionCampaign implements AutoCloseable {
    /** The bucket the Choria Broker makes for elections. */
    public static final String BUCKET = ElectionBucket.NAME;
    /** TTL of the bucket when we have to create it. */
    public static final Duration CREATED_TTL = ElectionBucket.CREATED_TTL;
    private static final Logger LOG = LoggerFactory.getLogger(ElectionCampaign.class);

    private final Connection connection;
    private final ElectionSettings settings;
    private final String campaign;
    private final byte[] candidate;
    private final Runnable onWon;
    private final Runnable onLost;
    private final Thread thread;
    private KeyValue bucket;
    private LeaderLease lease;
    private boolean leader;
    private boolean announceNext;
    private long revision;
    private int failedAttempts;
    private volatile boolean running = true;
    private boolean closed;

    private ElectionCampaign(Connection connection, ElectionSettings settings, Runnable onWon, Runnable onLost) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.campaign = settings.campaign();
        this.candidate = settings.candidate().getBytes(StandardCharsets.UTF_8);
        this.onWon = Objects.requireNonNull(onWon, "onWon");
        this.onLost = Objects.requireNonNull(onLost, "onLost");
        this.thread = new Thread(this::campaignLoop, "election-" + campaign);
        this.thread.setDaemon(true);
    }

    /**
     * Opens (or creates, logged) the bucket and starts campaigning in the background; {@code onWon}
     * and {@code onLost} are told of each change of leadership, in order, under the campaign's lock.
     *
     * @throws LifecycleException when JetStream or the bucket cannot be used
     */
    public static ElectionCampaign start(Connection connection, ElectionSettings settings, Runnable onWon,
                                         Runnable onLost) {
        ElectionCampaign c = new ElectionCampaign(connection, settings, onWon, onLost);
        ElectionBucket.Opened opened = ElectionBucket.open(connection);
        c.bucket = opened.keys();
        c.lease = new LeaderLease(opened.ttl(), c.campaign, settings.clock());
        c.thread.start();
        return c;
    }

    /** The settings it campaigns with. */
    public ElectionSettings settings() {
        return settings;
    }

    /** Whether this candidate holds the key and has announced it (the reference's IsLeader). */
    public synchronized boolean isLeader() {
        return leader && !announceNext;
    }

    private void campaignLoop() {
        Duration maxSplay = settings.maxSplay();
        sleep(Duration.ofMillis(maxSplay.isZero() ? 0 : ThreadLocalRandom.current().nextLong(maxSplay.toMillis() + 1)));
        while (running) {
            attempt();
            sleep(settings.backoff().delay(failedAttempts()));
        }
    }

    private synchronized int failedAttempts() {
        return failedAttempts;
    }

    /**
     * One create or update of the key. The request runs without the lock, so the lease can end a
     * leadership while an update waits for an answer that may never come.
     */
    private void attempt() {
        boolean maintaining;
        long lastRevision;
        synchronized (this) {
            if (!running) {
                return;
            }
            maintaining = leader;
            lastRevision = revision;
        }
        long sentAt = settings.clock().nanoTime();
        long newRevision;
        try {
            newRevision = maintaining ? bucket.update(campaign, candidate, lastRevision) : bucket.create(campaign, candidate);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            failed(maintaining, e);
            return;
        }
        if (succeeded(maintaining, newRevision, sentAt)) {
            sleep(settings.wonDelay()); // gives an old leader time to stand down
            synchronized (this) {
                if (leader && announceNext && running) {
                    announceNext = false;
                    LOG.info("Became leader of campaign {}", campaign);
                    onWon.run();
                }
            }
        }
    }

    /** Records a create or update that went through; true when "won" is due now. */
    private synchronized boolean succeeded(boolean maintaining, long newRevision, long sentAt) {
        if (!running) {
            return false;
        }
        revision = newRevision;
        lease.renew(sentAt, this::leaseEnded);
        if (maintaining && leader) {
            return announceNext;
        }
        // a new key, or an update that went through after the lease had ended: "won" after the next one
        leader = true;
        announceNext = true;
        failedAttempts = 0;
        return false;
    }

    private synchronized void failed(boolean maintaining, Exception e) {
        if (!maintaining) {
            failedAttempts++;
        } else if (leader) { // else the lease ended first, and "lost" was said then
            LOG.debug("key update failed, moving to candidate state: {}", e.getMessage());
            standDown("Lost leadership of campaign {}");
        }
    }

    /** Ends a leadership whose lease ({@link LeaderLease}) ended at {@code deadline} without renewal. */
    private synchronized void leaseEnded(long deadline) {
        if (leader && running && lease.isCurrent(deadline)) {
            standDown("Lost leadership of campaign {}: the key was not renewed in time");
        }
    }

    private void standDown(String message) {
        leader = false;
        announceNext = false;
        LOG.info(message, campaign);
        onLost.run();
    }

    /**
     * Stops campaigning; a leader announces "lost". The key is left to expire, as the reference
     * does. Closing again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            if (leader && !announceNext) {
                standDown("Lost leadership of campaign {} on shutdown");
            }
            leader = false;
        }
        thread.interrupt();
        if (lease != null) {
            lease.close();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sleep(Duration d) {
        try {
            settings.clock().sleep(d);
        } catch (InterruptedException e) {
            running = false;
        }
    }
}
