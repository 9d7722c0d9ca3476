package io.choria.lifecycle;

/** An event that carries the version of its component (the reference's {@code VersionEvent}). */
public interface VersionedEvent {
    String version();

    void setVersion(String version);
}
