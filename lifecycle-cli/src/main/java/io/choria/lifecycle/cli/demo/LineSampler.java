package io.choria.lifecycle.cli.demo;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Shows a viewer's output thinned to a readable pace: whole lines pass to the target, at most
 * {@code perSecond} of each second, the rest are counted; after {@link #stop()} nothing passes.
 * Thousands of nodes make hundreds of events a second, more than anyone can read scrolling by.
 */
final class LineSampler extends OutputStream {
    private final PrintStream target;
    private final int perSecond;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long second = -1;
    private int shownThisSecond;
    private long lines;
    private long shown;
    private boolean stopped;

    LineSampler(PrintStream target, int perSecond) {
        this.target = target;
        this.perSecond = perSecond;
    }

    @Override
    public synchronized void write(int b) {
        if (b != '\n') {
            line.write(b);
            return;
        }
        lines++;
        long now = System.nanoTime() / 1_000_000_000L;
        if (now != second) {
            second = now;
            shownThisSecond = 0;
        }
        if (!stopped && shownThisSecond < perSecond) {
            shownThisSecond++;
            shown++;
            target.println(line.toString(java.nio.charset.StandardCharsets.UTF_8));
            target.flush();
        }
        line.reset();
    }

    /** From now on nothing passes. */
    synchronized void stop() {
        stopped = true;
    }

    /** Lines written so far. */
    synchronized long lines() {
        return lines;
    }

    /** Lines passed to the target. */
    synchronized long shown() {
        return shown;
    }
}
