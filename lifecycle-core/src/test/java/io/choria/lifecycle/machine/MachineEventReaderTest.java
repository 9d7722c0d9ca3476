package io.choria.lifecycle.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.testing.MachineEventJson;
import io.choria.lifecycle.LifecycleException.Reason;
import org.junit.jupiter.api.Test;

/** What the reader says about input it refuses; the recorder logs it as one line per message. */
class MachineEventReaderTest {

    @Test
    void aProtocolQuotedInARefusalStaysOnOneShortLine() {
        assertThatThrownBy(() -> MachineEventReader.transition(MachineEventJson.cloudEvent("x",
                "{\"protocol\":\"io.choria.machine.v1.transition\\nerror: forged\"}")))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                .hasMessage("unknown notification protocol 'io.choria.machine.v1.transition\\nerror: forged'");
        assertThatThrownBy(() -> MachineEventReader.execState(MachineEventJson.cloudEvent("x",
                "{\"protocol\":\"" + "x".repeat(1_000_000) + "\"}")))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                .hasMessageStartingWith("unknown notification protocol 'xxx").hasMessageEndingWith("...'")
                .message().hasSizeLessThan(300);
    }
}
