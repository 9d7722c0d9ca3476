package io.choria.lifecycle.simulator;

/**
 * The simulator's one schedule: every node's next action as (due time, node) in a binary
 * min-heap of packed {@code long}s, earliest first, ties by node number. No object per entry and
 * no thread per node; 100,000 nodes are 800 KB here.
 */
final class ActionQueue {
    /** Up to 16,777,215 nodes; the due time (milliseconds of simulated time) takes the upper 39 bits, 17 years. */
    static final int NODE_BITS = 24;
    static final int MAX_NODES = (1 << NODE_BITS) - 1;
    static final long MAX_DUE = (1L << (63 - NODE_BITS)) - 1;
    private static final long NODE_MASK = (1L << NODE_BITS) - 1;

    private final long[] heap;
    private int size;

    ActionQueue(int capacity) {
        heap = new long[capacity];
    }

    /** Schedules {@code node} at {@code dueMillis}; each node is in the queue at most once. */
    void add(long dueMillis, int node) {
        long entry = Math.min(Math.max(dueMillis, 0), MAX_DUE) << NODE_BITS | node;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** When the earliest action is due; only when not empty. */
    long peekDue() {
        return heap[0] >>> NODE_BITS;
    }

    /** Removes the earliest action and returns its node; only when not empty. */
    int poll() {
        int node = (int) (heap[0] & NODE_MASK);
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return node;
    }
}
