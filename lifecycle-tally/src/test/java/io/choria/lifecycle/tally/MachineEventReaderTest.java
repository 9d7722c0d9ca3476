package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the reader says about input it refuses; the recorder logs it as one line per message. */
class MachineEventReaderTest {
    private final MachineEventReader reader = new MachineEventReader();

    @Test
    void aProtocolQuotedInARefusalStaysOnOneShortLine() {
        assertThatThrownBy(() -> reader.transition(Events.cloudEvent("x",
                "{\"protocol\":\"io.choria.machine.v1.transition\\nerror: forged\"}")))
                .isInstanceOf(TallyException.class)
                .hasMessage("unknown notification protocol 'io.choria.machine.v1.transition\\nerror: forged'");
        assertThatThrownBy(() -> reader.execState(Events.cloudEvent("x",
                "{\"protocol\":\"" + "x".repeat(1_000_000) + "\"}")))
                .isInstanceOf(TallyException.class)
                .hasMessageStartingWith("unknown notification protocol 'xxx").hasMessageEndingWith("...'")
                .message().hasSizeLessThan(300);
    }
}
