package io.choria.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Everything the codec refuses is bad input, and says so in its reason as well as its message. */
class LifecycleExceptionTest {

    @Test
    void undecodableBytesAreInvalidInput() {
        assertInvalidInput(() -> Lifecycle.fromJson("not json".getBytes(UTF_8)));
        assertInvalidInput(() -> Lifecycle.fromJson("{\"protocol\":\"io.choria.lifecycle.v1.nope\"}".getBytes(UTF_8)));
        assertThat(new EventDecodeException("x").reason()).isEqualTo(Reason.INVALID_INPUT);
    }

    @Test
    void eventsThatCannotBeMadeOrWrittenAreInvalidInput() {
        assertInvalidInput(() -> Lifecycle.newEvent("nope"));
        assertInvalidInput(() -> Lifecycle.newEvent(EventType.SHUTDOWN, EventOption.version("1")));
        assertInvalidInput(() -> Lifecycle.newEvent(EventType.ALIVE).target());
        assertInvalidInput(() -> Lifecycle.toJson(Lifecycle.newEvent(EventType.ALIVE), WireFormat.UNKNOWN));
        assertInvalidInput(() -> GovernorStage.fromWireName("later"));
        assertInvalidInput(() -> GoDuration.parse("5 minutes"));
    }

    @Test
    void aReasonIsRequired() {
        assertThatThrownBy(() -> new LifecycleException(null, "why")).isInstanceOf(NullPointerException.class);
    }

    private static void assertInvalidInput(Executable call) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(LifecycleException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT));
    }
}
