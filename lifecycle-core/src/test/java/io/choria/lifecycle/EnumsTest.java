package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Names, codes, protocols and display names of the event type, format and governor stage enums. */
class EnumsTest {

    @Test
    void eventTypesHaveTheReferencesCodesNamesAndDisplayNames() {
        assertThat(Arrays.stream(EventType.values()).map(t -> t.code() + " " + t.typeName() + " " + t))
                .containsExactly("-1 unknown Unknown", "0 startup Startup", "1 shutdown Shutdown",
                        "2 provisioned Provisioned", "3 alive Alive", "4 governor Governor", "5 upgraded Upgraded");
    }

    @Test
    void shutdownDisplaysAsShutdownNotAsTheReferencesStartup() {
        assertThat(EventType.SHUTDOWN.toString()).isEqualTo("Shutdown");
    }

    @Test
    void eventTypesHaveV1AndLegacyProtocols() {
        assertThat(EventType.GOVERNOR.protocol()).isEqualTo("io.choria.lifecycle.v1.governor");
        assertThat(EventType.GOVERNOR.legacyProtocol()).isEqualTo("choria:lifecycle:governor:1");
    }

    @Test
    void eventTypesAreFoundByNameAndCode() {
        for (EventType t : EventType.values()) {
            assertThat(EventType.fromCode(t.code())).isEqualTo(t);
            if (t != EventType.UNKNOWN) {
                assertThat(EventType.find(t.typeName())).contains(t);
                assertThat(EventType.named(t.typeName())).isEqualTo(t);
            }
        }
        assertThat(EventType.find("unknown")).isEmpty();
        assertThat(EventType.find("STARTUP")).isEmpty();
        assertThat(EventType.find("")).isEmpty();
        assertThat(EventType.find(null)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventType.named("bogus"))
                .hasMessage("unknown event type 'bogus', valid types are alive, governor, provisioned, shutdown, startup, upgraded");
        assertThat(EventType.fromCode(6)).isEqualTo(EventType.UNKNOWN);
        assertThat(EventType.fromCode(-2)).isEqualTo(EventType.UNKNOWN);
    }

    @Test
    void typeNamesAreSortedAndUnmodifiable() {
        assertThat(EventType.names()).containsExactly("alive", "governor", "provisioned", "shutdown", "startup", "upgraded");
        assertThatThrownBy(() -> EventType.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void formatsHaveTheReferencesDisplayNames() {
        assertThat(Arrays.stream(WireFormat.values()).map(WireFormat::toString))
                .containsExactly("UnknownFormat", "ChoriaFormat", "CloudEventV1Format");
    }

    @Test
    void governorStagesHaveTheirWireNames() {
        assertThat(Arrays.stream(GovernorStage.values()).map(GovernorStage::wireName))
                .containsExactly("enter", "exit", "timeouts", "eviction");
        for (GovernorStage s : GovernorStage.values()) {
            assertThat(s.toString()).isEqualTo(s.wireName());
            assertThat(GovernorStage.fromWireName(s.wireName())).isEqualTo(s);
        }
        assertThatThrownBy(() -> GovernorStage.fromWireName("timeout"))
                .isExactlyInstanceOf(LifecycleException.class)
                .hasMessage("invalid stage 'timeout': must be one of enter, exit, timeouts, eviction");
        assertThatThrownBy(() -> GovernorStage.fromWireName(null)).hasMessageContaining("invalid stage");
    }
}
