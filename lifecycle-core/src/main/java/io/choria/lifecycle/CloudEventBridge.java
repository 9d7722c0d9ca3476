package io.choria.lifecycle;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;

/** Converts between lifecycle events and the CloudEvents Java SDK's {@link CloudEvent}. */
final class CloudEventBridge {
    private static final URI SOURCE = URI.create(EventEncoder.CLOUDEVENT_SOURCE);

    private CloudEventBridge() {
    }

    /** The envelope the reference's {@code ToCloudEventV1} makes; data is the Choria-format bytes. */
    static CloudEvent toCloudEvent(LifecycleEvent event) {
        return CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(SOURCE)
                .withType(event.protocol())
                .withSubject(event.identity())
                .withTime(Instant.ofEpochSecond(event.unixTimestamp()).atOffset(ZoneOffset.UTC))
                .withData(EventEncoder.CLOUDEVENT_CONTENT_TYPE, choriaBytes(event))
                .build();
    }

    static LifecycleEvent fromCloudEvent(CloudEvent ce) {
        if (ce == null) {
            throw new EventDecodeException("unsupported event format: no CloudEvent");
        }
        if (ce.getSpecVersion() != SpecVersion.V1 || !SOURCE.equals(ce.getSource())) {
            throw new EventDecodeException("unsupported event format: not a Choria lifecycle CloudEvent (spec version "
                    + ce.getSpecVersion() + ", source " + ce.getSource() + ")");
        }
        CloudEventData data = ce.getData();
        if (data == null) {
            throw new EventDecodeException("unsupported event format: the CloudEvent has no data");
        }
        byte[] bytes;
        try {
            bytes = data.toBytes();
        } catch (RuntimeException e) {
            throw new EventDecodeException("unsupported event format: the CloudEvent's data cannot be read: " + e, e);
        }
        LifecycleEvent event = EventDecoder.decode(bytes);
        if (event.format() != EventFormat.CHORIA) {
            throw new EventDecodeException("unsupported event format: the CloudEvent's data is not a lifecycle event");
        }
        event.setFormat(EventFormat.CLOUDEVENT_V1);
        return event;
    }

    private static byte[] choriaBytes(LifecycleEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = EventEncoder.JSON.createGenerator(out, JsonEncoding.UTF8)) {
            EventEncoder.writeChoria(g, event);
        } catch (IOException e) {
            throw new LifecycleException("cannot encode event: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
