package io.choria.lifecycle;

import io.choria.lifecycle.testing.VectorEvents;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Events are equal when every wire field and the format are equal; display of every type. */
class EventEqualityTest {

    @Test
    void equalEventsHaveEqualHashCodes() {
        for (LifecycleEvent event : VectorEvents.all()) {
            LifecycleEvent copy = Lifecycle.fromJson(Lifecycle.toJson(event));
            assertThat(copy).isEqualTo(event).hasSameHashCodeAs(event).isNotSameAs(event);
            assertThat(event).isEqualTo(event).isNotEqualTo(null).isNotEqualTo("a string");
        }
    }

    @Test
    void everyFieldTakesPartInEquality() {
        List<Consumer<LifecycleEvent>> changes = List.of(
                e -> e.setId("other"),
                e -> e.setIdentity("other"),
                e -> e.setComponent("other"),
                e -> e.setUnixTimestamp(e.unixTimestamp() + 1),
                e -> e.setFormat(WireFormat.CLOUDEVENT_V1),
                e -> {
                    if (e instanceof VersionedEvent v) {
                        v.setVersion("other");
                    } else {
                        e.setId("other2");
                    }
                },
                e -> {
                    if (e instanceof NewVersionEvent v) {
                        v.setNewVersion("other");
                    } else if (e instanceof GovernorEvent g) {
                        g.setGovernor("other");
                    } else {
                        e.setIdentity("other2");
                    }
                },
                e -> {
                    if (e instanceof GovernorEvent g) {
                        g.setSequence(g.sequence() + 1);
                    } else {
                        e.setComponent("other2");
                    }
                },
                e -> {
                    if (e instanceof GovernorEvent g) {
                        g.setStage(GovernorStage.TIMEOUTS);
                    } else {
                        e.setUnixTimestamp(-5);
                    }
                });
        for (LifecycleEvent original : VectorEvents.all()) {
            for (Consumer<LifecycleEvent> change : changes) {
                LifecycleEvent changed = Lifecycle.fromJson(Lifecycle.toJson(original));
                change.accept(changed);
                assertThat(changed).isNotEqualTo(original);
                assertThat(original).isNotEqualTo(changed);
            }
        }
    }

    @Test
    void eventsOfDifferentTypesWithTheSameCommonFieldsDiffer() {
        LifecycleEvent shutdown = Lifecycle.newEvent(EventType.SHUTDOWN, EventOption.id("x"), EventOption.component("c"));
        LifecycleEvent provisioned = Lifecycle.newEvent(EventType.PROVISIONED, EventOption.id("x"), EventOption.component("c"));
        provisioned.setUnixTimestamp(shutdown.unixTimestamp());
        assertThat(shutdown).isNotEqualTo(provisioned);
    }

    @Test
    void displayOfEveryType() {
        assertThat(display("startup", "\"version\":\"1\"")).isEqualTo("[startup] n: c version 1");
        assertThat(display("alive", "\"version\":\"1\"")).isEqualTo("[alive] n: c version 1");
        assertThat(display("shutdown", "")).isEqualTo("[shutdown] n: c");
        assertThat(display("provisioned", "")).isEqualTo("[provisioned] n: c");
        assertThat(display("upgraded", "\"version\":\"1\",\"new_version\":\"2\"")).isEqualTo("[upgraded] n: c version 1 to 2");
        assertThat(display("governor", "\"governor\":\"G\",\"event_type\":\"other\",\"sequence\":3"))
                .isEqualTo("[governor] n: unknown stage on Governor G");
    }

    @Test
    void aGovernorStageTheLibraryDoesNotKnowIsKeptAsReceived() {
        String json = "{\"protocol\":\"io.choria.lifecycle.v1.governor\",\"id\":\"i\",\"identity\":\"n\",\"component\":\"c\","
                + "\"timestamp\":1,\"governor\":\"G\",\"sequence\":0,\"event_type\":\"renewal\"}";
        GovernorEvent event = (GovernorEvent) Lifecycle.fromJson(json.getBytes(UTF_8));
        assertThat(event.stage()).isEmpty();
        assertThat(event.stageName()).isEqualTo("renewal");
        assertThat(new String(Lifecycle.toJson(event), UTF_8)).isEqualTo(json);
    }

    @Test
    void fieldNamesAreMatchedCaseInsensitivelyAsGoDoesButNotTheProtocol() {
        String json = "{\"protocol\":\"io.choria.lifecycle.v1.startup\",\"Identity\":\"n\",\"COMPONENT\":\"c\",\"Version\":\"1\"}";
        assertThat(Lifecycle.fromJson(json.getBytes(UTF_8)).toString()).isEqualTo("[startup] n: c version 1");
        assertThat(WireFormat.detect("{\"Protocol\":\"io.choria.lifecycle.v1.startup\"}".getBytes(UTF_8)))
                .isEqualTo(WireFormat.UNKNOWN);
    }

    private static String display(String type, String extra) {
        String json = "{\"protocol\":\"io.choria.lifecycle.v1." + type + "\",\"identity\":\"n\",\"component\":\"c\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
        return Lifecycle.fromJson(json.getBytes(UTF_8)).toString();
    }
}
