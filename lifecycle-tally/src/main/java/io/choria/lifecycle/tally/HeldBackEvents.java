package io.choria.lifecycle.tally;

import io.nats.client.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds live lifecycle messages back while the warm start replays the stream, then applies them
 * in arrival order and lets later ones straight through: nothing received during the replay is
 * lost, and nothing is applied before the table it changes has been rebuilt.
 */
final class HeldBackEvents {
    private final Consumer<Message> apply;
    private final List<Message> held = new ArrayList<>();
    private boolean open;

    HeldBackEvents(Consumer<Message> apply) {
        this.apply = apply;
    }

    void accept(Message m) {
        synchronized (held) {
            if (!open) {
                held.add(m);
                return;
            }
        }
        apply.accept(m);
    }

    /** Applies what was held back and opens the gate. */
    void release() {
        synchronized (held) {
            held.forEach(apply);
            held.clear();
            open = true;
        }
    }
}
