package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.WireFormat;

/**
 * Alive events that a tally has not seen before, made one at a time as they are published (at
 * 100,000 a second the encoding takes a fraction of one core): with new identities, every event is
 * a node never seen before ({@code abuse-<n>.example.net}, n counting up from {@code first}); with
 * new versions, every event names a version never named before ({@code 1.0.<n>}), sent by the
 * first {@value #NODES} of those identities in turn, which a tally that took the new identities
 * first is tracking. What a provisioning loop gone wrong, or someone who may publish, can send.
 */
final class DistinctEvents implements SteadyPublisher.Source {
    static final int NODES = 100_000;
    private static final String[] VERSIONS = {"0.29.4", "0.30.0", "0.30.1", "0.31.0", "0.31.2"};

    private final boolean newIdentities;
    private final boolean newVersions;
    private final long first;
    private String subject;

    DistinctEvents(boolean newIdentities, boolean newVersions, long first) {
        this.newIdentities = newIdentities;
        this.newVersions = newVersions;
        this.first = first;
    }

    static String identity(long n) {
        return "abuse-" + n + ".example.net";
    }

    @Override
    public byte[] next(long i) {
        long n = first + i;
        String identity = identity(newIdentities ? n : n % NODES);
        String version = newVersions ? "1.0." + n : VERSIONS[(int) (n % VERSIONS.length)];
        LifecycleEvent e = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                EventOption.identity(identity), EventOption.version(version));
        e.setFormat(WireFormat.CLOUDEVENT_V1);
        subject = e.target();
        return Lifecycle.toJson(e);
    }

    @Override
    public String subject() {
        return subject;
    }
}
