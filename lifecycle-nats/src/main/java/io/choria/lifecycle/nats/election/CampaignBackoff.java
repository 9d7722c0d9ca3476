package io.choria.lifecycle.nats.election;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long a campaigner waits before its next attempt, given the failed attempts so far. */
@FunctionalInterface
public interface CampaignBackoff {
    Duration delay(int failedAttempts);

    /**
     * The reference tally's policy: steps of 500, 750, 1000, 1500, 2000 ... 5000 ms, capped at
     * the last, each randomised to between half and one and a half times its value.
     */
    static CampaignBackoff choria() {
        long[] steps = {500, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000};
        return n -> {
            long step = steps[Math.max(0, Math.min(n, steps.length - 1))];
            return Duration.ofMillis((long) (step * ThreadLocalRandom.current().nextDouble(0.5, 1.5)));
        };
    }
}
