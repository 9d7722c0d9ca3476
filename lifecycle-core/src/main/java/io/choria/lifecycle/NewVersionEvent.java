package io.choria.lifecycle;

/** An event that carries an old and a new version (the reference's {@code NewVersionEvent}). */
public interface NewVersionEvent extends VersionedEvent {
    String newVersion();

    void setNewVersion(String newVersion);
}
