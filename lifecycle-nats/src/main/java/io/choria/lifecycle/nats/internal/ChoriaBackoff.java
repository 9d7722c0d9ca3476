package io.choria.lifecycle.nats.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * go-choria's back-off policy {@code backoff.FiveSec}, the one its first connection to the brokers
 * ({@code choria/connection.go}, {@code backoff.Default}) and its leader elections wait by: steps of
 * 500, 750, 1000, 1500, 2000 ... 5000 ms, capped at the last, each randomised to between half and
 * one and a half times its value so a fleet does not retry in step.
 */
public final class ChoriaBackoff {
    private static final long[] STEPS_MILLIS = {500, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000};

    private ChoriaBackoff() {
    }

    /** The wait of step {@code n} (0 the first; beyond the last, the last), randomised. */
    public static Duration fiveSeconds(int n) {
        long step = STEPS_MILLIS[Math.max(0, Math.min(n, STEPS_MILLIS.length - 1))];
        return Duration.ofMillis((long) (step * ThreadLocalRandom.current().nextDouble(0.5, 1.5)));
    }
}
