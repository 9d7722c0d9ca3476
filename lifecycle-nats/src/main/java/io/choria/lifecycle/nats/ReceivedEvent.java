package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleEvent;

/** An event taken off the wire, with the subject it came on and the bytes it was decoded from. */
public record ReceivedEvent(LifecycleEvent event, String subject, byte[] body) {
}
