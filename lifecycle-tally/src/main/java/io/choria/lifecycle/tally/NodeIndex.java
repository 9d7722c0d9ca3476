package io.choria.lifecycle.tally;

import java.util.Arrays;

/**
 * Open-addressing hash index (linear probing) from a node's key to its id in the
 * {@link NodeStore}. Slots hold {@code id + 1}, 0 is empty.
 *
 * <p>Growing is incremental: a bigger table is allocated and every mutation moves a few slots
 * of the old one over, so no single event pays for rehashing a million entries. While both
 * tables exist, a key lives in exactly one of them; moved or removed old slots become
 * tombstones so the old table's probe chains stay intact.
 */
final class NodeIndex {
    private static final int TOMBSTONE = -1;
    private static final int MIGRATE_PER_STEP = 32;

    private final NodeStore store;
    private int[] table = new int[64];
    private int[] old;
    private int migrated;
    private int count;

    NodeIndex(NodeStore store) {
        this.store = store;
    }

    /** The node id with this key, or {@link NodeStore#NONE}. */
    int find(int hash, int component, byte[] identity) {
        int found = findIn(table, hash, component, identity);
        if (found < 0 && old != null) {
            found = findIn(old, hash, component, identity);
            if (found >= 0) {
                found = old[found] - 1;
                return found;
            }
            return NodeStore.NONE;
        }
        return found < 0 ? NodeStore.NONE : table[found] - 1;
    }

    /** Adds a node known not to be present. */
    void add(int id, int hash) {
        migrateStep();
        if (old == null && count + 1 > table.length * 3 / 5) {
            old = table;
            table = new int[old.length * 2];
            migrated = 0;
        }
        insert(table, id, hash);
        count++;
    }

    /** Removes a node known to be present. */
    void remove(int id, int hash) {
        migrateStep();
        count--;
        int mask = table.length - 1;
        for (int i = hash & mask; table[i] != 0; i = (i + 1) & mask) {
            if (table[i] == id + 1) {
                deleteAt(i);
                return;
            }
        }
        int omask = old.length - 1;
        for (int i = hash & omask; ; i = (i + 1) & omask) {
            if (old[i] == id + 1) {
                old[i] = TOMBSTONE;
                return;
            }
        }
    }

    int capacity() {
        return table.length + (old == null ? 0 : old.length);
    }

    boolean migrating() {
        return old != null;
    }

    private int findIn(int[] t, int hash, int component, byte[] identity) {
        int mask = t.length - 1;
        for (int i = hash & mask; t[i] != 0; i = (i + 1) & mask) {
            int slot = t[i];
            if (slot > 0) {
                int id = slot - 1;
                if (store.hash(id) == hash && store.component(id) == component
                        && Arrays.equals(store.identity(id), identity)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static void insert(int[] t, int id, int hash) {
        int mask = t.length - 1;
        int i = hash & mask;
        while (t[i] != 0) {
            i = (i + 1) & mask;
        }
        t[i] = id + 1;
    }

    /** Backward-shift deletion keeps probe chains intact without tombstones in the live table. */
    private void deleteAt(int hole) {
        int mask = table.length - 1;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (table[i] == 0) {
                break;
            }
            int home = store.hash(table[i] - 1) & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                table[hole] = table[i];
                hole = i;
            }
        }
        table[hole] = 0;
    }

    private void migrateStep() {
        if (old == null) {
            return;
        }
        int end = Math.min(old.length, migrated + MIGRATE_PER_STEP);
        for (int i = migrated; i < end; i++) {
            int slot = old[i];
            if (slot > 0) {
                insert(table, slot - 1, store.hash(slot - 1));
                old[i] = TOMBSTONE;
            }
        }
        migrated = end;
        if (migrated == old.length) {
            old = null;
        }
    }
}
