package io.choria.lifecycle.tally;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * At most {@value #LINES_PER_INTERVAL} lines of one kind of warning per {@value #INTERVAL_SECONDS}
 * seconds, then a line saying how many were left out. For warnings about input from the network:
 * a publisher of garbage would otherwise write a line per message, millions a minute, and every
 * such message is counted in {@code process_errors} anyway. The first lines of a burst are kept
 * whole, because they say what is wrong; the count of the rest comes with the next warning after
 * the interval (a burst that stops leaves its count in the metrics only).
 */
final class WarningThrottle {
    static final int LINES_PER_INTERVAL = 10;
    static final int INTERVAL_SECONDS = 10;
    private static final long INTERVAL_NANOS = INTERVAL_SECONDS * 1_000_000_000L;

    /** Where lines go: the logger's {@code warn}, or a test's list. */
    interface Sink {
        void warn(String format, Object... args);
    }

    private final Sink sink;
    private final LongSupplier nanoTime;
    private long windowStart;
    private boolean started;
    private int lines;
    private long skipped;

    WarningThrottle(Logger log) {
        this(log::warn, System::nanoTime);
    }

    WarningThrottle(Sink sink, LongSupplier nanoTime) {
        this.sink = sink;
        this.nanoTime = nanoTime;
    }

    /** Logs a warning unless {@value #LINES_PER_INTERVAL} were logged in this interval already. */
    synchronized void warn(String format, Object... args) {
        long now = nanoTime.getAsLong();
        if (!started || now - windowStart >= INTERVAL_NANOS) {
            if (skipped > 0) {
                sink.warn("{} more warnings like these were not logged in the last {}s",
                        skipped, Math.max(INTERVAL_SECONDS, (now - windowStart) / 1_000_000_000L));
            }
            started = true;
            windowStart = now;
            lines = 0;
            skipped = 0;
        }
        if (lines < LINES_PER_INTERVAL) {
            lines++;
            sink.warn(format, args);
        } else {
            skipped++;
        }
    }
}
