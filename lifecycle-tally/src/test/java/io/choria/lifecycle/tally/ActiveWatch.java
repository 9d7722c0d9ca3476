package io.choria.lifecycle.tally;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches tallies of one election in the background, round after round (a millisecond apart),
 * for moments when two of them are active at once. Each round reads every tally's
 * {@link Tally#active()} twice:
 * two tallies active in both reads were active together at the moment between them (a switch
 * from one to the other between single reads could otherwise look like an overlap).
 */
final class ActiveWatch implements AutoCloseable {
    private final List<Tally> tallies;
    private final Set<List<Integer>> together = new LinkedHashSet<>();
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;
    private long rounds;
    private long roundsWithALeader;
    private long roundsWithMore;
    private long firstOverlapMillis;
    private long lastOverlapMillis;

    ActiveWatch(List<Tally> tallies) {
        this.tallies = List.copyOf(tallies);
        this.thread = new Thread(this::watch, "active-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        boolean[] first = new boolean[tallies.size()];
        while (running) {
            for (int i = 0; i < first.length; i++) {
                first[i] = tallies.get(i).active();
            }
            List<Integer> both = new ArrayList<>();
            for (int i = 0; i < first.length; i++) {
                if (tallies.get(i).active() && first[i]) {
                    both.add(i);
                }
            }
            record(both);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(List<Integer> active) {
        rounds++;
        if (active.size() == 1) {
            roundsWithALeader++;
        } else if (active.size() > 1) {
            long at = (System.nanoTime() - started) / 1_000_000;
            if (roundsWithMore++ == 0) {
                firstOverlapMillis = at;
            }
            lastOverlapMillis = at;
            together.add(active);
        }
    }

    /** When two or more tallies were active at once (which, from when to when), or nothing. */
    synchronized List<String> overlaps() {
        return roundsWithMore == 0 ? List.of() : List.of("tallies " + together + " active at once in " + roundsWithMore
                + " of " + rounds + " rounds, between " + firstOverlapMillis + " and " + lastOverlapMillis
                + " ms into the watch");
    }

    /** Rounds in which exactly one tally was active: the watch saw a leader, so it could have seen two. */
    synchronized long roundsWithALeader() {
        return roundsWithALeader;
    }

    synchronized long rounds() {
        return rounds;
    }

    /** Stops watching. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
