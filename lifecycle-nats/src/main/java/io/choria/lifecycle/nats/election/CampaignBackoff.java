package io.choria.lifecycle.nats.election;

import io.choria.lifecycle.nats.internal.ChoriaBackoff;
import java.time.Duration;

/** How long a campaigner waits before its next attempt, given the failed attempts so far. */
@FunctionalInterface
public interface CampaignBackoff {
    Duration delay(int failedAttempts);

    /**
     * The reference tally's policy: steps of 500, 750, 1000, 1500, 2000 ... 5000 ms, capped at
     * the last, each randomised to between half and one and a half times its value.
     */
    static CampaignBackoff choria() {
        return ChoriaBackoff::fiveSeconds;
    }
}
