package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
    private final String campaign;
    private final byte[] candidate;
    private final CampaignBackoff backoff;
    private final Duration maxSplay;
    private final Duration wonDelay;
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

    private ElectionCampaign(Builder b) {
        this.connection = Objects.requireNonNull(b.connection, "connection");
        this.campaign = Objects.requireNonNull(b.campaign, "campaign");
        this.candidate = b.candidate.getBytes(StandardCharsets.UTF_8);
        this.backoff = b.backoff;
        this.maxSplay = b.maxSplay;
        this.wonDelay = b.wonDelay;
        this.onWon = b.onWon;
        this.onLost = b.onLost;
        this.thread = new Thread(this::campaignLoop, "tally-election-" + campaign);
        this.thread.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens (or creates, logged) the bucket and starts campaigning in the background.
     *
     * @throws LifecycleException when JetStream or the bucket cannot be used
     */
    public ElectionCampaign start() {
        ElectionBucket.Opened opened = ElectionBucket.open(connection);
        bucket = opened.keys();
        lease = new LeaderLease(opened.ttl(), campaign);
        thread.start();
        return this;
    }

    /** Whether this candidate holds the key and has announced it (the reference's IsLeader). */
    public synchronized boolean isLeader() {
        return leader && !announceNext;
    }

    private void campaignLoop() {
        sleep(Duration.ofMillis(maxSplay.isZero() ? 0 : ThreadLocalRandom.current().nextLong(maxSplay.toMillis() + 1)));
        while (running) {
            attempt();
            sleep(backoff.delay(failedAttempts()));
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
        long sentAt = System.nanoTime();
        long newRevision;
        try {
            newRevision = maintaining ? bucket.update(campaign, candidate, lastRevision) : bucket.create(campaign, candidate);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            failed(maintaining, e);
            return;
        }
        if (succeeded(maintaining, newRevision, sentAt)) {
            sleep(wonDelay); // gives an old leader time to stand down
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

    /** Stops campaigning; a leader announces "lost". The key is left to expire, as the reference does. */
    @Override
    public void close() {
        synchronized (this) {
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
            Thread.sleep(Math.max(0, d.toMillis()));
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Settings of a campaign. */
    public static final class Builder {
        private Connection connection;
        private String campaign;
        private String candidate = defaultCandidate();
        private CampaignBackoff backoff = CampaignBackoff.choria();
        private Duration maxSplay = Duration.ofSeconds(5);
        private Duration wonDelay = Duration.ofMillis(200);
        private Runnable onWon = () -> { };
        private Runnable onLost = () -> { };

        private Builder() {
        }

        public Builder connection(Connection c) {
            this.connection = c;
            return this;
        }

        /** The campaign name, used as the key. */
        public Builder campaign(String name) {
            this.campaign = name;
            return this;
        }

        /** This candidate's name, stored as the key's value; the host name by default. */
        public Builder candidate(String name) {
            this.candidate = name;
            return this;
        }

        public Builder backoff(CampaignBackoff b) {
            this.backoff = b;
            return this;
        }

        /** Longest random wait before the first campaign (5 s by default). */
        public Builder maxSplay(Duration d) {
            this.maxSplay = d;
            return this;
        }

        public Builder wonDelay(Duration d) {
            this.wonDelay = d;
            return this;
        }

        public Builder onWon(Runnable r) {
            this.onWon = r;
            return this;
        }

        public Builder onLost(Runnable r) {
            this.onLost = r;
            return this;
        }

        /** A builder with the same settings, for a caller that adds its own without changing these. */
        Builder copy() {
            Builder b = new Builder();
            b.connection = connection;
            b.campaign = campaign;
            b.candidate = candidate;
            b.backoff = backoff;
            b.maxSplay = maxSplay;
            b.wonDelay = wonDelay;
            b.onWon = onWon;
            b.onLost = onLost;
            return b;
        }

        /** @throws LifecycleException when the campaign name cannot be a key-value key */
        public ElectionCampaign build() {
            if (campaign == null || !campaign.matches("[-/_=a-zA-Z0-9]+(\\.[-/_=a-zA-Z0-9]+)*")) {
                throw new LifecycleException(Reason.INVALID_INPUT, "invalid election campaign '" + campaign
                        + "': use letters, digits and - / _ = separated by single dots");
            }
            return new ElectionCampaign(this);
        }

        private static String defaultCandidate() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "tally-" + ProcessHandle.current().pid();
            }
        }
    }
}
