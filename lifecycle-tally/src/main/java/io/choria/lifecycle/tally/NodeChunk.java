package io.choria.lifecycle.tally;

import java.util.Arrays;

/**
 * A buffer the {@link NodeTable} copies one chunk of nodes into while its lock is held, so the
 * sorting and filtering of a listing happen after the lock is released. Reused chunk after chunk.
 */
final class NodeChunk {
    private final byte[][] identities;
    private final String[] versions;
    private final long[] lastSeen;
    private int size;

    NodeChunk(int capacity) {
        identities = new byte[capacity][];
        versions = new String[capacity];
        lastSeen = new long[capacity];
    }

    void add(byte[] identity, String version, long lastSeenMillis) {
        identities[size] = identity;
        versions[size] = version;
        lastSeen[size] = lastSeenMillis;
        size++;
    }

    void clear() {
        Arrays.fill(identities, 0, size, null);
        Arrays.fill(versions, 0, size, null);
        size = 0;
    }

    int size() {
        return size;
    }

    /** The identity as UTF-8; never modified, shared with the table. */
    byte[] identity(int i) {
        return identities[i];
    }

    String version(int i) {
        return versions[i];
    }

    long lastSeen(int i) {
        return lastSeen[i];
    }
}
