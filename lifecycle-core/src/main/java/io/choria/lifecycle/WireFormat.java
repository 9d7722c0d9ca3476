package io.choria.lifecycle;

/** How an event travels on the wire (the reference's {@code Format}). */
public enum WireFormat {
    /** Not a lifecycle event. */
    UNKNOWN("UnknownFormat"),
    /** The bare JSON object, the "legacy format" in Choria's configuration. */
    CHORIA("ChoriaFormat"),
    /** A CloudEvents 1.0 structured-mode JSON envelope whose {@code data} is the bare object. */
    CLOUDEVENT_V1("CloudEventV1Format");

    private final String displayName;

    WireFormat(String displayName) {
        this.displayName = displayName;
    }

    /** The reference's display name, e.g. {@code ChoriaFormat}. */
    @Override
    public String toString() {
        return displayName;
    }

    /**
     * Detects the format of a JSON document the way the reference's {@code EventFormatFromJSON}
     * does, and also recognises
     * the legacy {@code choria:lifecycle:...} protocol names the reference misses. Never throws.
     */
    public static WireFormat detect(byte[] json) {
        return EventDecoder.detect(json);
    }
}
