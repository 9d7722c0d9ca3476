package io.choria.lifecycle.simulator;

import java.util.UUID;

/**
 * One SplitMix64 random stream per node, kept as a single {@code long} of state in an array.
 * Each node draws only from its own stream, so what a node does next never depends on how the
 * scheduler interleaved it with others: the same seed gives every node the same story.
 */
final class NodeRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long[] state;

    NodeRandom(long seed, int nodes) {
        state = new long[nodes];
        for (int i = 0; i < nodes; i++) {
            state[i] = mix(seed ^ mix(i + 1L));
        }
    }

    /** The next 64 random bits of {@code node}'s stream. */
    long next(int node) {
        return mix(state[node] += GOLDEN);
    }

    /** Uniform in [0, 1). */
    double uniform(int node) {
        return (next(node) >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [from, to). */
    double between(int node, double from, double to) {
        return from + (to - from) * uniform(node);
    }

    /** Uniform in [0, bound). */
    int below(int node, int bound) {
        return (int) ((next(node) >>> 33) % bound);
    }

    /** A random (version 4) UUID string from the node's stream: event ids repeat with the seed too. */
    String uuid(int node) {
        return uuid(next(node), next(node));
    }

    static String uuid(long high, long low) {
        long msb = (high & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lsb = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** SplitMix64's finaliser: a fixed, well-mixed function of {@code z}. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
