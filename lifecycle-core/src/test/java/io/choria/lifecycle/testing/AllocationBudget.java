package io.choria.lifecycle.testing;

import java.lang.management.ManagementFactory;

/**
 * What one call on hostile input may allocate on the calling thread: a fixed allowance plus so
 * many bytes per input byte. Fuzz tests run every input through it, so an input shape that makes
 * the code allocate out of proportion to its size (an array sized from a field, a copy per
 * nesting level) is a finding, long before it would show as an {@link OutOfMemoryError}.
 *
 * <p>Counted with HotSpot's per-thread allocation counter, which sees every allocation of the
 * thread, garbage included; the budget is per call, so what the collector later frees still counts.
 */
public final class AllocationBudget {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long fixedBytes;
    private final long bytesPerInputByte;

    private AllocationBudget(long fixedBytes, long bytesPerInputByte) {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread: "
                    + "an allocation budget cannot be checked (run the tests on HotSpot)");
        }
        this.fixedBytes = fixedBytes;
        this.bytesPerInputByte = bytesPerInputByte;
    }

    /** A budget of {@code fixedBytes} plus {@code bytesPerInputByte} for every byte of the input. */
    public static AllocationBudget of(long fixedBytes, long bytesPerInputByte) {
        return new AllocationBudget(fixedBytes, bytesPerInputByte);
    }

    /** The most a call on {@code inputLength} bytes may allocate. */
    public long limit(int inputLength) {
        return fixedBytes + bytesPerInputByte * inputLength;
    }

    /**
     * Runs {@code call} on {@code input} and fails when it allocated more than the budget allows.
     * A call over budget is run once more and judged by that run: a path's first run also loads
     * (and, when fuzzing, instruments) classes, a one-time cost that is not the input's doing.
     *
     * @throws AssertionError naming what was allocated and what was allowed
     */
    public void check(byte[] input, Runnable call) {
        int length = input == null ? 0 : input.length;
        long allocated = allocatedBy(call);
        if (allocated > limit(length)) {
            allocated = allocatedBy(call);
        }
        if (allocated > limit(length)) {
            throw new AssertionError("allocated " + allocated + " bytes for an input of " + length
                    + " bytes (twice); the budget is " + limit(length) + " (" + fixedBytes + " + "
                    + bytesPerInputByte + " per input byte)");
        }
    }

    private static long allocatedBy(Runnable call) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        call.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
