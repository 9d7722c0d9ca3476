package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleEvent;
import java.time.Instant;

/**
 * An event taken off the wire, with the subject it came on, the bytes it was decoded from, and
 * when the broker stored it: set for events read from the JetStream stream (a replay may deliver
 * events hours old), null for events received live.
 */
public record ReceivedEvent(LifecycleEvent event, String subject, byte[] body, Instant storedAt) {
    /** Whether the event was read from the JetStream stream rather than received live. */
    public boolean fromStream() {
        return storedAt != null;
    }
}
