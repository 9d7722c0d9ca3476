package io.choria.lifecycle.nats;

/** Receives the decoded events of an {@link EventSubscription}, one at a time, on the subscription's thread. */
@FunctionalInterface
public interface EventHandler {
    void onEvent(ReceivedEvent received);
}
