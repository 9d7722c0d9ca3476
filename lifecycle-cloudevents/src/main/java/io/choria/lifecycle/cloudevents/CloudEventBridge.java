package io.choria.lifecycle.cloudevents;

import io.choria.lifecycle.EventDecodeException;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Converts between lifecycle events and the CloudEvents Java SDK's {@link CloudEvent} (the
 * reference's {@code ToCloudEventV1}). A module of its own so that reading and writing events
 * needs Jackson core only: the SDK comes in with this bridge and nowhere else.
 */
public final class CloudEventBridge {
    /** The {@code source} of every lifecycle CloudEvent; {@link Lifecycle#toJson} writes the same. */
    private static final URI SOURCE = URI.create("io.choria.lifecycle");
    private static final String CONTENT_TYPE = "application/json";

    private CloudEventBridge() {
    }

    /**
     * The envelope the reference's {@code ToCloudEventV1} makes: its {@code data} is the event in
     * Choria format, byte for byte what {@link Lifecycle#toJson(LifecycleEvent, WireFormat)} writes.
     */
    public static CloudEvent toCloudEvent(LifecycleEvent event) {
        return CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(SOURCE)
                .withType(event.protocol())
                .withSubject(event.identity())
                .withTime(Instant.ofEpochSecond(event.unixTimestamp()).atOffset(ZoneOffset.UTC))
                .withData(CONTENT_TYPE, Lifecycle.toJson(event, WireFormat.CHORIA))
                .build();
    }

    /**
     * Reads a lifecycle event back from a CloudEvents SDK event; the result's format is CloudEvents.
     *
     * @throws EventDecodeException when the CloudEvent does not carry a lifecycle event
     */
    public static LifecycleEvent fromCloudEvent(CloudEvent ce) {
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
        LifecycleEvent event = Lifecycle.fromJson(bytes);
        if (event.format() != WireFormat.CHORIA) {
            throw new EventDecodeException("unsupported event format: the CloudEvent's data is not a lifecycle event");
        }
        event.setFormat(WireFormat.CLOUDEVENT_V1);
        return event;
    }
}
