package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Making events: defaults, options, and the options that do not apply to a type. */
class NewEventTest {
    private static final Pattern CANONICAL_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void newEventsGetARandomV4UuidTheCurrentTimeAndChoriaFormat(EventType type) {
        long before = Instant.now().getEpochSecond();
        LifecycleEvent event = Lifecycle.newEvent(type);
        long after = Instant.now().getEpochSecond();

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.typeName()).isEqualTo(type.typeName());
        assertThat(event.protocol()).isEqualTo("io.choria.lifecycle.v1." + type.typeName());
        assertThat(event.id()).matches(CANONICAL_V4);
        assertThat(UUID.fromString(event.id()).version()).isEqualTo(4);
        assertThat(event.unixTimestamp()).isBetween(before, after);
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(event.unixTimestamp()));
        assertThat(event.format()).isEqualTo(WireFormat.CHORIA);
        assertThat(event.identity()).isEmpty();
        assertThat(event.component()).isEmpty();
        assertThat(Lifecycle.newEvent(type.typeName()).type()).isEqualTo(type);
    }

    @Test
    void everyNewEventHasItsOwnId() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Lifecycle.newEvent(EventType.ALIVE).id());
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void optionsSetTheirFields() {
        UpgradedEvent upgraded = (UpgradedEvent) Lifecycle.newEvent(EventType.UPGRADED, EventOption.component("server"),
                EventOption.identity("n1"), EventOption.version("1.0"), EventOption.newVersion("2.0"),
                EventOption.id("my-id"), EventOption.timestamp(Instant.ofEpochSecond(1700000000, 999_000_000)));
        assertThat(upgraded.component()).isEqualTo("server");
        assertThat(upgraded.identity()).isEqualTo("n1");
        assertThat(upgraded.version()).isEqualTo("1.0");
        assertThat(upgraded.newVersion()).isEqualTo("2.0");
        assertThat(upgraded.id()).isEqualTo("my-id");
        assertThat(upgraded.unixTimestamp()).as("sub-second parts are dropped").isEqualTo(1700000000L);

        GovernorEvent governor = (GovernorEvent) Lifecycle.newEvent("governor", EventOption.governorName("PUPPET"),
                EventOption.governorSequence(-1L), EventOption.governorStage(GovernorStage.EVICTION));
        assertThat(governor.governor()).isEqualTo("PUPPET");
        assertThat(governor.sequence()).isEqualTo(-1L);
        assertThat(governor.stage()).contains(GovernorStage.EVICTION);
        assertThat(governor.stageName()).isEqualTo("eviction");

        StartupEvent startup = (StartupEvent) Lifecycle.newEvent(EventType.STARTUP, EventOption.version("1.2.3"));
        assertThat(startup.version()).isEqualTo("1.2.3");
        AliveEvent alive = (AliveEvent) Lifecycle.newEvent(EventType.ALIVE, EventOption.version("0.6.0"));
        assertThat(alive.version()).isEqualTo("0.6.0");
    }

    @Test
    void nullStringsBecomeEmpty() {
        LifecycleEvent event = Lifecycle.newEvent(EventType.STARTUP, EventOption.component(null),
                EventOption.identity(null), EventOption.version(null), EventOption.id(null));
        assertThat(event.component()).isEmpty();
        assertThat(event.identity()).isEmpty();
        assertThat(((StartupEvent) event).version()).isEmpty();
        assertThat(event.id()).isEmpty();
    }

    @Test
    void versionOnlyAppliesToStartupAliveAndUpgraded() {
        for (EventType type : new EventType[] {EventType.SHUTDOWN, EventType.PROVISIONED, EventType.GOVERNOR}) {
            assertThatThrownBy(() -> Lifecycle.newEvent(type, EventOption.version("1")))
                    .isExactlyInstanceOf(LifecycleException.class)
                    .hasMessageContaining("cannot set version")
                    .hasMessageContaining("version does not apply to " + type.typeName() + " events");
        }
    }

    @Test
    void newVersionOnlyAppliesToUpgraded() {
        for (EventType type : new EventType[] {EventType.STARTUP, EventType.ALIVE, EventType.SHUTDOWN,
            EventType.PROVISIONED, EventType.GOVERNOR}) {
            assertThatThrownBy(() -> Lifecycle.newEvent(type, EventOption.newVersion("2")))
                    .isExactlyInstanceOf(LifecycleException.class)
                    .hasMessageContaining("new version does not apply to " + type.typeName() + " events");
        }
    }

    @Test
    void governorOptionsOnlyApplyToGovernorEvents() {
        EventOption[] governorOptions = {EventOption.governorName("G"), EventOption.governorSequence(1),
            EventOption.governorStage(GovernorStage.ENTER), EventOption.governorType("enter")};
        for (EventType type : new EventType[] {EventType.STARTUP, EventType.ALIVE, EventType.SHUTDOWN,
            EventType.PROVISIONED, EventType.UPGRADED}) {
            for (EventOption option : governorOptions) {
                assertThatThrownBy(() -> Lifecycle.newEvent(type, option))
                        .isExactlyInstanceOf(LifecycleException.class)
                        .hasMessageContaining("cannot set governor, event is not a Governor event")
                        .hasMessageContaining("does not apply to " + type.typeName() + " events");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "timeout", "Enter", "EXIT", "evict", " enter"})
    void anInvalidStageIsAnError(String stage) {
        assertThatThrownBy(() -> Lifecycle.newEvent(EventType.GOVERNOR, EventOption.governorType(stage)))
                .isExactlyInstanceOf(LifecycleException.class)
                .hasMessageContaining("invalid stage '" + stage + "'");
    }

    @Test
    void unknownTypesAreErrorsNamingTheValidOnes() {
        assertThatThrownBy(() -> Lifecycle.newEvent("bogus"))
                .isExactlyInstanceOf(LifecycleException.class)
                .hasMessage("unknown event type 'bogus', valid types are alive, governor, provisioned, shutdown, startup, upgraded");
        assertThatThrownBy(() -> Lifecycle.newEvent("unknown")).hasMessageContaining("unknown event type 'unknown'");
        assertThatThrownBy(() -> Lifecycle.newEvent("Startup")).hasMessageContaining("unknown event type 'Startup'");
        assertThatThrownBy(() -> Lifecycle.newEvent(EventType.UNKNOWN))
                .isExactlyInstanceOf(LifecycleException.class)
                .hasMessage("unknown event type");
    }

    @Test
    void theTargetNeedsAComponent() {
        LifecycleEvent event = Lifecycle.newEvent(EventType.ALIVE, EventOption.identity("n1"));
        assertThatThrownBy(event::target)
                .isExactlyInstanceOf(LifecycleException.class)
                .hasMessage("event is not complete, component has not been set");
        event.setComponent("server");
        assertThat(event.target()).isEqualTo("choria.lifecycle.event.alive.server");
        assertThat(LifecycleEvent.SUBJECT_PREFIX).isEqualTo("choria.lifecycle.event.");
    }

    @Test
    void encodingInTheUnknownFormatIsAnError() {
        LifecycleEvent event = Lifecycle.newEvent(EventType.ALIVE);
        assertThatThrownBy(() -> Lifecycle.toJson(event, WireFormat.UNKNOWN))
                .isExactlyInstanceOf(LifecycleException.class)
                .hasMessageContaining("do not know how to publish this format event");
        assertThatThrownBy(() -> event.setFormat(null)).isInstanceOf(NullPointerException.class);
    }
}
