package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives each distinct string in use (a component or a version) a small id, so nodes store 16 bits
 * instead of a reference. Ids are counted by the nodes holding them and recycled when none does:
 * versions come from the network, and a publisher looping through endless distinct versions (a
 * typo loop, or malice) must not use up the ids for good and keep real new versions from being
 * counted until a restart. At most {@value #MAX_IDS} values are in use at once.
 */
final class Interner {
    static final int MAX_IDS = 1 << 16;

    private final String what;
    private final Map<String, Integer> ids = new HashMap<>();
    private String[] values = new String[16];
    private int[] holders = new int[16];
    private int[] free = new int[16];
    private int freeCount;
    private int used; // ids handed out at least once: 0..used-1

    Interner(String what) {
        this.what = what;
    }

    /**
     * The id of {@code value}, counting one more holder of it.
     *
     * @throws LifecycleException when {@value #MAX_IDS} other values are in use
     */
    int acquire(String value) {
        Integer known = ids.get(value);
        if (known != null) {
            holders[known]++;
            return known;
        }
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else if (used < MAX_IDS) {
            id = used++;
            if (id == values.length) {
                values = Arrays.copyOf(values, Math.min(MAX_IDS, id * 2));
                holders = Arrays.copyOf(holders, values.length);
            }
        } else {
            throw new LifecycleException(Reason.INVALID_INPUT, "too many distinct " + what + "s in use (" + MAX_IDS + "), '" + value
                    + "' not recorded");
        }
        values[id] = value;
        holders[id] = 1;
        ids.put(value, id);
        return id;
    }

    /** One holder of {@code id} fewer; the id is free again when none is left. */
    void release(int id) {
        if (--holders[id] == 0) {
            ids.remove(values[id]);
            values[id] = null;
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, Math.min(MAX_IDS, freeCount * 2));
            }
            free[freeCount++] = id;
        }
    }

    /** The id of a value in use, or -1. */
    int existing(String value) {
        Integer id = ids.get(value);
        return id == null ? -1 : id;
    }

    String value(int id) {
        return values[id];
    }

    /** How many distinct values are in use. */
    int inUse() {
        return ids.size();
    }
}
