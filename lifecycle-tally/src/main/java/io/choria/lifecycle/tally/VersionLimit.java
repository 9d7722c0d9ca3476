package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * At most so many versions per component have a {@code _versions} series: a publisher of endless
 * distinct versions would otherwise grow {@code /metrics} past what a scrape's {@code sample_limit}
 * takes (65,536 series and 4.8 MB were seen) and make the versions the ids of the node table.
 *
 * <p>A version is exposed when it already is, or while the component has fewer than the limit,
 * or when an exposed version without nodes can make room: its series are removed (so a real new
 * release still gets a series after a storm of made-up versions has passed). Otherwise, and for a
 * version longer than {@value #MAX_LENGTH} characters (a label that long only fattens every
 * scrape), the node is recorded on {@link #OVER_LIMIT}: it is tracked (it counts in the nodes
 * tracked, its last seen moves, it expires) and counts in {@code _version_limit_nodes} instead of
 * {@code _versions}, until an event of it names a version that is exposed. A version sent as the
 * marker's text itself is over the limit too, so that the text always means what it says.
 * Not thread-safe: the recorder's lock guards it.
 */
final class VersionLimit {
    /** A few hundred: far more than any fleet runs at once (four or more is already an alert). */
    static final int DEFAULT_PER_COMPONENT = 300;
    static final int MAX = 65_535;
    static final int MAX_LENGTH = 128;
    /** The version recorded for a node whose version is not exposed; also what {@code /api/nodes} lists for it. */
    static final String OVER_LIMIT = "(over the version limit)";

    private final int perComponent;
    private final BiConsumer<String, String> unexpose;
    private final Map<String, Exposed> components = new HashMap<>();

    /** {@code unexpose} removes the series of (component, version) when its place is given to another version. */
    VersionLimit(int perComponent, BiConsumer<String, String> unexpose) {
        if (perComponent < 1 || perComponent > MAX) {
            throw new LifecycleException(Reason.INVALID_INPUT,
                    "the version limit must be between 1 and " + MAX + " per component, got " + perComponent);
        }
        this.perComponent = perComponent;
        this.unexpose = unexpose;
    }

    /** The exposed versions of one component with their node counts, and those without nodes (oldest first). */
    private static final class Exposed {
        final Map<String, long[]> nodes = new HashMap<>();
        final LinkedHashSet<String> idle = new LinkedHashSet<>();
    }

    static boolean overLimit(String version) {
        return OVER_LIMIT.equals(version);
    }

    /** The version to record for a node of {@code component} that sent {@code version}: itself, or {@link #OVER_LIMIT}. */
    String admit(String component, String version) {
        Exposed e = components.computeIfAbsent(component, c -> new Exposed());
        if (e.nodes.containsKey(version)) {
            return version;
        }
        if (version.length() > MAX_LENGTH || overLimit(version)) {
            return OVER_LIMIT;
        }
        if (e.nodes.size() >= perComponent) {
            Iterator<String> idle = e.idle.iterator();
            if (!idle.hasNext()) {
                return OVER_LIMIT;
            }
            String old = idle.next();
            idle.remove();
            e.nodes.remove(old);
            unexpose.accept(component, old);
        }
        e.nodes.put(version, new long[1]);
        e.idle.add(version);
        return version;
    }

    /** Nodes of an exposed version came or went. */
    void change(String component, String version, long delta) {
        Exposed e = components.get(component);
        long[] n = e == null ? null : e.nodes.get(version);
        if (n == null) {
            return; // only admitted versions are ever recorded, so this is not reached
        }
        boolean wasIdle = n[0] == 0;
        n[0] += delta;
        if (n[0] == 0) {
            e.idle.add(version);
        } else if (wasIdle) {
            e.idle.remove(version);
        }
    }

    int perComponent() {
        return perComponent;
    }

    /** How many versions of {@code component} are exposed (for tests). */
    int exposed(String component) {
        Exposed e = components.get(component);
        return e == null ? 0 : e.nodes.size();
    }
}
