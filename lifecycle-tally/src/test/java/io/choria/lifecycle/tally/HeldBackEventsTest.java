package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldBackEventsTest {
    private final List<String> applied = new ArrayList<>();
    private final HeldBackEvents gate = new HeldBackEvents(m -> applied.add(m.getSubject()));

    private static Message message(String subject) {
        return NatsMessage.builder().subject(subject).data(new byte[0]).build();
    }

    @Test
    void messagesWaitUntilReleasedThenFlowInOrder() {
        gate.accept(message("a"));
        gate.accept(message("b"));
        assertThat(applied).isEmpty();
        gate.release();
        assertThat(applied).containsExactly("a", "b");
        gate.accept(message("c"));
        assertThat(applied).containsExactly("a", "b", "c");
    }
}
