package io.choria.lifecycle.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.testing.GeneratedEvents;
import io.choria.lifecycle.testing.VectorEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The bridge to the CloudEvents Java SDK, and what the SDK's own JSON format makes of our events. */
class CloudEventBridgeTest {

    @Test
    void toCloudEventCarriesTheReferencesAttributesAndTheChoriaBytesAsData() {
        for (LifecycleEvent event : VectorEvents.all()) {
            CloudEvent ce = CloudEventBridge.toCloudEvent(event);

            assertThat(ce.getSpecVersion()).isEqualTo(SpecVersion.V1);
            assertThat(ce.getId()).isEqualTo(event.id());
            assertThat(ce.getSource()).isEqualTo(URI.create("io.choria.lifecycle"));
            assertThat(ce.getType()).isEqualTo(event.protocol());
            assertThat(ce.getSubject()).isEqualTo(event.identity());
            assertThat(ce.getTime()).isEqualTo(Instant.ofEpochSecond(event.unixTimestamp()).atOffset(ZoneOffset.UTC));
            assertThat(ce.getDataContentType()).isEqualTo("application/json");
            assertThat(ce.getDataSchema()).isNull();
            assertThat(ce.getExtensionNames()).isEmpty();
            assertThat(ce.getData().toBytes()).isEqualTo(Lifecycle.toJson(event, WireFormat.CHORIA));
        }
    }

    @Test
    void fromCloudEventOfToCloudEventIsTheSameEventInCloudEventFormat() {
        for (LifecycleEvent event : VectorEvents.all()) {
            LifecycleEvent back = CloudEventBridge.fromCloudEvent(CloudEventBridge.toCloudEvent(event));
            assertThat(back.format()).isEqualTo(WireFormat.CLOUDEVENT_V1);
            event.setFormat(WireFormat.CLOUDEVENT_V1);
            assertThat(back).isEqualTo(event);
        }
    }

    @Test
    void theSdksJsonSerialisationIsReadableByFromJson() {
        JsonFormat sdk = new JsonFormat();
        for (LifecycleEvent event : new GeneratedEvents(99L).events(300)) {
            byte[] json = sdk.serialize(CloudEventBridge.toCloudEvent(event));

            assertThat(WireFormat.detect(json)).isEqualTo(WireFormat.CLOUDEVENT_V1);
            LifecycleEvent back = Lifecycle.fromJson(json);
            event.setFormat(WireFormat.CLOUDEVENT_V1);
            assertThat(back).isEqualTo(event);
        }
    }

    @Test
    void theSdkReadsOurCloudEventsBackToTheSameEvent() {
        JsonFormat sdk = new JsonFormat();
        for (LifecycleEvent event : VectorEvents.all()) {
            CloudEvent parsed = sdk.deserialize(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1));
            assertThat(parsed.getSubject()).isEqualTo(event.identity());
            event.setFormat(WireFormat.CLOUDEVENT_V1);
            assertThat(CloudEventBridge.fromCloudEvent(parsed)).isEqualTo(event);
        }
    }

    @Test
    void theSdksBase64DataIsReadToo() {
        JsonFormat base64 = new JsonFormat().withForceJsonDataToBase64();
        LifecycleEvent event = VectorEvents.all().get(0);
        byte[] json = base64.serialize(CloudEventBridge.toCloudEvent(event));
        assertThat(new String(json, UTF_8)).contains("\"data_base64\"");
        event.setFormat(WireFormat.CLOUDEVENT_V1);
        assertThat(Lifecycle.fromJson(json)).isEqualTo(event);
    }

    @Test
    void fromCloudEventRefusesWhatIsNotALifecycleCloudEvent() {
        LifecycleEvent event = VectorEvents.all().get(0);
        CloudEvent good = CloudEventBridge.toCloudEvent(event);

        assertThatThrownBy(() -> CloudEventBridge.fromCloudEvent(null))
                .isExactlyInstanceOf(EventDecodeException.class).hasMessageContaining("unsupported event format");
        assertRefused(CloudEventBuilder.v03(good).build(), "spec version");
        assertRefused(CloudEventBuilder.v1(good).withSource(URI.create("other")).build(), "source other");
        assertRefused(CloudEventBuilder.v1(good).withoutData().build(), "has no data");
        assertRefused(CloudEventBuilder.v1(good).withData("application/json", "{\"a\":1}".getBytes(UTF_8)).build(),
                "unsupported event format");
        assertRefused(CloudEventBuilder.v1(good).withData("application/json", "not json".getBytes(UTF_8)).build(),
                "invalid JSON");
        assertRefused(CloudEventBuilder.v1(good).withData("application/json",
                Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1)).build(), "data is not a lifecycle event");
        assertRefused(CloudEventBuilder.v1(good).withData(() -> {
            throw new IllegalStateException("unreadable");
        }).build(), "cannot be read");
    }

    private static void assertRefused(CloudEvent ce, String message) {
        assertThatThrownBy(() -> CloudEventBridge.fromCloudEvent(ce))
                .isExactlyInstanceOf(EventDecodeException.class)
                .hasMessageContaining(message);
    }
}
