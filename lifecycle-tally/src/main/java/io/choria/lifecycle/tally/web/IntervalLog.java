package io.choria.lifecycle.tally.web;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One warning line per interval about something clients do (refused handshakes, connections over
 * a limit): a client can make such events as fast as it can connect, and each one is counted in
 * {@code <prefix>_http_refused} anyway. The first event of an interval is logged whole, since it
 * says what is wrong; the count of those left out comes with the next line.
 */
final class IntervalLog {
    static final long INTERVAL_SECONDS = 10;
    private static final long INTERVAL_NANOS = INTERVAL_SECONDS * 1_000_000_000L;

    /** Where lines go: the logger's {@code warn}, or a test's list. */
    interface Sink {
        void warn(String line);
    }

    private final Sink sink;
    private final LongSupplier nanoTime;
    private boolean logged;
    private long lastLine;
    private long skipped;

    IntervalLog(Logger log) {
        this(log::warn, System::nanoTime);
    }

    IntervalLog(Sink sink, LongSupplier nanoTime) {
        this.sink = sink;
        this.nanoTime = nanoTime;
    }

    /** Logs {@code line} unless a line was logged less than an interval ago. */
    synchronized void warn(String line) {
        long now = nanoTime.getAsLong();
        if (logged && now - lastLine < INTERVAL_NANOS) {
            skipped++;
            return;
        }
        sink.warn(skipped == 0 ? line : line + " (and " + skipped + " more like it since the last such line)");
        logged = true;
        lastLine = now;
        skipped = 0;
    }
}
