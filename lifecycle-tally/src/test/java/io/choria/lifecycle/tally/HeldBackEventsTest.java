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

    @Test
    void pastItsLimitsTheRestIsDroppedAndCounted() {
        long[] dropped = {0};
        HeldBackEvents small = new HeldBackEvents(m -> applied.add(m.getSubject()), 2, 10, n -> dropped[0] += n);
        small.accept(message("a"));
        small.accept(NatsMessage.builder().subject("big").data(new byte[11]).build());
        small.accept(message("b"));
        small.accept(message("c"));
        assertThat(dropped[0]).isEqualTo(2);
        assertThat(small.dropped()).isEqualTo(2);
        small.release();
        assertThat(applied).containsExactly("a", "b");
        small.accept(message("d"));
        assertThat(applied).as("once open, nothing is held or dropped").containsExactly("a", "b", "d");
    }
}
