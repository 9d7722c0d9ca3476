package io.choria.lifecycle.nats.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Choria's leader election by itself, over a real JetStream key-value bucket (the tally's use: LeaderElectionTest). */
class ElectionCampaignTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CAMPAIGN = "campaign";
    private NatsServerProcess server;
    private Connection admin;

    @BeforeEach
    void start() throws Exception {
        server = NatsServerProcess.startWithJetStream();
        admin = Nats.connect(server.url());
        admin.keyValueManagement().create(KeyValueConfiguration.builder().name(ElectionCampaign.BUCKET)
                .ttl(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        server.close();
    }

    @Test
    void aLeaderAnnouncesLostWhenClosed() throws Exception {
        AtomicBoolean lost = new AtomicBoolean();
        AtomicBoolean won = new AtomicBoolean();
        ElectionCampaign e = ElectionCampaign.start(admin, ElectionSettings.of(CAMPAIGN).withCandidate("x")
                .withBackoff(n -> Duration.ofMillis(100)).withMaxSplay(Duration.ZERO), () -> won.set(true), () -> lost.set(true));
        Poll.until(WAIT, won::get, () -> "win");
        assertThat(e.isLeader()).isTrue();
        e.close();
        assertThat(lost).isTrue();
        e.close(); // a second close does nothing
        assertThat(e.isLeader()).isFalse();
    }

    @Test
    void theReferenceBackoffStaysWithinItsSteps() {
        CampaignBackoff backoff = CampaignBackoff.choria();
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(0).toMillis()).isBetween(250L, 750L);
            assertThat(backoff.delay(3).toMillis()).isBetween(750L, 2250L);
            assertThat(backoff.delay(99).toMillis()).isBetween(2500L, 7500L);
        }
    }

    @Test
    void invalidCampaignNamesAreRefused() {
        assertThatThrownBy(() -> ElectionSettings.of("bad name*")).isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT)).hasMessageStartingWith("invalid election campaign");
    }
    @Test
    void settingsAreAValueWithTheHostsNameAndTheReferencesDefaults() {
        ElectionSettings defaults = ElectionSettings.of("tally");
        assertThat(defaults.candidate()).isNotBlank().isEqualTo(ElectionSettings.of("other").candidate());
        assertThat(defaults.maxSplay()).isEqualTo(Duration.ofSeconds(5));
        ElectionSettings mine = defaults.withCandidate("me");
        assertThat(mine.candidate()).isEqualTo("me");
        assertThat(defaults.candidate()).as("unchanged").isNotEqualTo("me");
    }

    /** The campaign waits on the clock it is given: a splay and back-off of hours cost no time here. */
    @Test
    void theCampaignWaitsOnTheClockItIsGiven() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        ElectionClock instant = new ElectionClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                waits.add(d);
                Thread.sleep(10);
            }
        };
        AtomicBoolean won = new AtomicBoolean();
        try (ElectionCampaign e = ElectionCampaign.start(admin, ElectionSettings.of(CAMPAIGN).withCandidate("x")
                .withMaxSplay(Duration.ofHours(1)).withBackoff(n -> Duration.ofHours(2)).withClock(instant),
                () -> won.set(true), () -> { })) {
            Poll.until(WAIT, won::get, () -> "won after " + waits);
            assertThat(e.isLeader()).isTrue();
        }
        assertThat(waits).as("the splay, then a back-off of two hours between attempts").contains(Duration.ofHours(2));
        assertThat(waits.get(0)).isLessThanOrEqualTo(Duration.ofHours(1));
    }
}
