package io.choria.lifecycle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NodeFormatsTest {
    private final LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
            EventOption.identity("web-000001.ams1.example.net"), EventOption.version("0.31.0"));

    @Test
    void legacyNodesWriteTheOldProtocolNameAndTheCodecReadsItBack() {
        byte[] legacy = NodeFormats.encode(alive, Fleet.FORMAT_LEGACY);
        assertThat(new String(legacy, StandardCharsets.UTF_8)).startsWith("{\"protocol\":\"choria:lifecycle:alive:1\",\"id\":")
                .contains("\"version\":\"0.31.0\"");
        LifecycleEvent back = Lifecycle.fromJson(legacy);
        assertThat(back.format()).isEqualTo(WireFormat.CHORIA);
        assertThat(Lifecycle.toJson(back)).isEqualTo(Lifecycle.toJson(alive, WireFormat.CHORIA));
    }

    @Test
    void theOtherNodesWriteWhatTheCodecWrites() {
        assertThat(NodeFormats.encode(alive, Fleet.FORMAT_CLOUDEVENT)).isEqualTo(Lifecycle.toJson(alive, WireFormat.CLOUDEVENT_V1));
        assertThat(NodeFormats.encode(alive, Fleet.FORMAT_CHORIA)).isEqualTo(Lifecycle.toJson(alive, WireFormat.CHORIA));
    }
}
