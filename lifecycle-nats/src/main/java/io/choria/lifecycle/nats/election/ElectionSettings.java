package io.choria.lifecycle.nats.election;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.internal.HostNames;
import java.time.Duration;
import java.util.Objects;

/**
 * What a candidate campaigns with: the campaign (the key in the election bucket), its own name
 * (the key's value), how it backs off, how long it waits at random before the first attempt,
 * how long after winning it announces so, and the clock it reads. A value: {@code with...}
 * gives a changed copy, and nothing a campaign does changes it.
 *
 * @param campaign the campaign name: letters, digits and {@code - / _ =}, separated by single dots
 * @param candidate this candidate's name; the host's FQDN by default, the one name rule of the project
 * @param backoff the wait before the next attempt after failed ones; {@link CampaignBackoff#choria()} by default
 * @param maxSplay the longest random wait before the first attempt (5 s by default)
 * @param wonDelay how long a new leader waits before saying it won, so an old one can stand down (200 ms)
 * @param clock where time comes from; {@link ElectionClock#SYSTEM} by default
 */
public record ElectionSettings(String campaign, String candidate, CampaignBackoff backoff, Duration maxSplay,
                               Duration wonDelay, ElectionClock clock) {
    /**
     * @throws LifecycleException ({@code INVALID_INPUT}) when the campaign cannot be a key-value key
     */
    public ElectionSettings {
        if (campaign == null || !campaign.matches("[-/_=a-zA-Z0-9]+(\\.[-/_=a-zA-Z0-9]+)*")) {
            throw new LifecycleException(Reason.INVALID_INPUT, "invalid election campaign '" + campaign
                    + "': use letters, digits and - / _ = separated by single dots");
        }
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxSplay, "maxSplay");
        Objects.requireNonNull(wonDelay, "wonDelay");
        Objects.requireNonNull(clock, "clock");
    }

    /** The defaults for {@code campaign}: this host's FQDN as candidate, the reference's back-off, 5 s splay. */
    public static ElectionSettings of(String campaign) {
        return new ElectionSettings(campaign, HostNames.fqdn(), CampaignBackoff.choria(), Duration.ofSeconds(5),
                Duration.ofMillis(200), ElectionClock.SYSTEM);
    }

    public ElectionSettings withCandidate(String name) {
        return new ElectionSettings(campaign, name, backoff, maxSplay, wonDelay, clock);
    }

    public ElectionSettings withBackoff(CampaignBackoff b) {
        return new ElectionSettings(campaign, candidate, b, maxSplay, wonDelay, clock);
    }

    public ElectionSettings withMaxSplay(Duration d) {
        return new ElectionSettings(campaign, candidate, backoff, d, wonDelay, clock);
    }

    public ElectionSettings withWonDelay(Duration d) {
        return new ElectionSettings(campaign, candidate, backoff, maxSplay, d, clock);
    }

    public ElectionSettings withClock(ElectionClock c) {
        return new ElectionSettings(campaign, candidate, backoff, maxSplay, wonDelay, c);
    }
}
