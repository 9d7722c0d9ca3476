package io.choria.lifecycle.tally;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened (servers, connections, tallies, viewers), closed after it in the reverse
 * order: a tally before its connection, a connection before its server.
 */
final class OpenedResources implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Remembers {@code resource} for {@link #close()} and returns it. */
    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }
}
