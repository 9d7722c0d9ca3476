package io.choria.lifecycle.tally;

import java.util.Arrays;

/**
 * The per-node columns of the {@link NodeTable}, addressed by a dense int node id.
 *
 * <p>Why columns in pages: a million nodes as objects with a String key would cost several
 * hundred bytes each; parallel primitive arrays cost 20 bytes plus the identity's UTF-8 bytes.
 * Pages of 4096 entries let the store grow without ever copying what it holds, so growth
 * never stalls event processing. Freed ids are reused through a free list threaded through
 * {@code next}.
 */
final class NodeStore {
    static final int NONE = -1;
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private int[][] hash = new int[0][];
    private int[][] meta = new int[0][];
    private int[][] lastSeen = new int[0][];
    private int[][] prev = new int[0][];
    private int[][] next = new int[0][];
    private byte[][][] identity = new byte[0][][];
    private int allocated;
    private int freeHead = NONE;
    private int live;

    /** A fresh node id whose columns the caller fills in. */
    int allocate() {
        live++;
        if (freeHead != NONE) {
            int id = freeHead;
            freeHead = next(id);
            return id;
        }
        if (allocated == hash.length * PAGE_SIZE) {
            addPage();
        }
        return allocated++;
    }

    void free(int id) {
        live--;
        setIdentity(id, null);
        setNext(id, freeHead);
        setPrev(id, NONE);
        freeHead = id;
    }

    int live() {
        return live;
    }

    /** One past the highest id ever handed out: ids in [0, allocated()) are live or on the free list. */
    int allocated() {
        return allocated;
    }

    private void addPage() {
        int pages = hash.length + 1;
        hash = Arrays.copyOf(hash, pages);
        meta = Arrays.copyOf(meta, pages);
        lastSeen = Arrays.copyOf(lastSeen, pages);
        prev = Arrays.copyOf(prev, pages);
        next = Arrays.copyOf(next, pages);
        identity = Arrays.copyOf(identity, pages);
        int p = pages - 1;
        hash[p] = new int[PAGE_SIZE];
        meta[p] = new int[PAGE_SIZE];
        lastSeen[p] = new int[PAGE_SIZE];
        prev[p] = new int[PAGE_SIZE];
        next[p] = new int[PAGE_SIZE];
        identity[p] = new byte[PAGE_SIZE][];
    }

    int hash(int id) {
        return hash[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    void setHash(int id, int v) {
        hash[id >>> PAGE_BITS][id & PAGE_MASK] = v;
    }

    // The component and version ids (each below 65,536, as the Interner hands them out) share
    // one int column: the component in the high 16 bits, the version in the low 16. These
    // accessors are the only code that knows.

    /** The node's interned component id. */
    int component(int id) {
        return meta(id) >>> 16;
    }

    /** The node's interned version id. */
    int version(int id) {
        return meta(id) & 0xFFFF;
    }

    void setComponentAndVersion(int id, int component, int version) {
        meta[id >>> PAGE_BITS][id & PAGE_MASK] = kind(component, version);
    }

    void setVersion(int id, int version) {
        setComponentAndVersion(id, component(id), version);
    }

    /** A number equal for two nodes exactly when their component and version are: a key to group nodes by. */
    int kind(int id) {
        return meta(id);
    }

    static int componentOfKind(int kind) {
        return kind >>> 16;
    }

    static int versionOfKind(int kind) {
        return kind & 0xFFFF;
    }

    private static int kind(int component, int version) {
        return component << 16 | version;
    }

    private int meta(int id) {
        return meta[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    int lastSeen(int id) {
        return lastSeen[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    void setLastSeen(int id, int v) {
        lastSeen[id >>> PAGE_BITS][id & PAGE_MASK] = v;
    }

    int prev(int id) {
        return prev[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    void setPrev(int id, int v) {
        prev[id >>> PAGE_BITS][id & PAGE_MASK] = v;
    }

    int next(int id) {
        return next[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    void setNext(int id, int v) {
        next[id >>> PAGE_BITS][id & PAGE_MASK] = v;
    }

    byte[] identity(int id) {
        return identity[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    void setIdentity(int id, byte[] v) {
        identity[id >>> PAGE_BITS][id & PAGE_MASK] = v;
    }
}
