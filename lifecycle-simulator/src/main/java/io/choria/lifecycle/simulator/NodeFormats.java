package io.choria.lifecycle.simulator;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.nio.charset.StandardCharsets;

/**
 * Writes a node's lifecycle events in its wire format through the core codec: CloudEvents, the
 * bare Choria format, or the bare format with the legacy {@code choria:lifecycle:<type>:1}
 * protocol name older Choria components wrote (the codec reads those names but, like the
 * reference, only writes v1 names; the legacy bytes are the v1 bytes with the name swapped).
 */
final class NodeFormats {
    private NodeFormats() {
    }

    static byte[] encode(LifecycleEvent event, byte format) {
        return switch (format) {
            case Fleet.FORMAT_CLOUDEVENT -> Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1);
            case Fleet.FORMAT_CHORIA -> Lifecycle.toJson(event, WireFormat.CHORIA);
            case Fleet.FORMAT_LEGACY -> legacy(Lifecycle.toJson(event, WireFormat.CHORIA), event.type());
            default -> throw new IllegalArgumentException("unknown node format " + format);
        };
    }

    /** The Choria-format bytes with the leading v1 protocol name replaced by the legacy one. */
    static byte[] legacy(byte[] choria, EventType type) {
        byte[] v1 = ("{\"protocol\":\"" + type.protocol() + "\"").getBytes(StandardCharsets.UTF_8);
        byte[] old = ("{\"protocol\":\"" + type.legacyProtocol() + "\"").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < v1.length; i++) {
            if (i >= choria.length || choria[i] != v1[i]) {
                throw new IllegalStateException("the codec no longer writes the protocol first");
            }
        }
        byte[] out = new byte[old.length + choria.length - v1.length];
        System.arraycopy(old, 0, out, 0, old.length);
        System.arraycopy(choria, v1.length, out, old.length, choria.length - v1.length);
        return out;
    }
}
