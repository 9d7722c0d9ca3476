package io.choria.lifecycle.simulator;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A simulated Choria fleet publishing over one NATS connection (which the caller owns). One
 * thread plays every node's story from one {@link ActionQueue}; simulated time is the time
 * since start minus the time spent paused, so a pause holds the whole story still.
 *
 * <p>Only this thread touches the fleet; {@link #pause()} parks it between two actions, after
 * which the counts and the {@link #truth()} are exact until {@link #resume()}.
 */
public final class Simulator implements AutoCloseable {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Settings settings;
    private final Fleet fleet;
    private final FleetTruth truth;
    private final FleetPublisher publisher;
    private final PublishingWire wire;
    private final FleetStory story;
    private final ActionQueue queue;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object control = new Object();
    private final long startNanos = System.nanoTime();
    private boolean pauseRequested;
    private boolean paused;
    private volatile boolean stopRequested;
    private long pausedNanos;
    private long pausedAt;
    private volatile long simulatedMillis;
    private volatile long behindMillis;
    private volatile Throwable failure;

    /** What to simulate: the fleet's size and seed, the alive interval, how long startups are spread, for how long (null: until closed). */
    public record Settings(int nodes, long seed, Duration aliveInterval, Duration splay, Duration duration) {
        public Settings {
            if (nodes < 1 || nodes > ActionQueue.MAX_NODES) {
                throw new LifecycleException(Reason.INVALID_INPUT, "nodes must be between 1 and " + ActionQueue.MAX_NODES
                        + ", got " + nodes);
            }
        }
    }

    /** Counts so far: messages the connection took, refused publishes, unconfirmed flushes, live nodes by the truth. */
    public record Stats(long lifecycleEvents, long transitions, long execStates, long execOutcomes, long publishFailures,
            long flushTimeouts, int liveNodes, Duration simulated, Duration behind) {
        /** Every message sent, lifecycle and machine events. */
        public long messages() {
            return lifecycleEvents + transitions + execStates;
        }
    }

    private Simulator(Connection connection, Settings settings) {
        this.settings = settings;
        this.fleet = new Fleet(settings.nodes(), settings.seed());
        this.truth = new FleetTruth(fleet);
        this.publisher = new FleetPublisher(connection, () -> stopRequested);
        this.wire = new PublishingWire(fleet, publisher, truth);
        this.story = new FleetStory(fleet, wire, settings.aliveInterval().toMillis(), Clock.systemUTC());
        this.queue = new ActionQueue(settings.nodes());
        long splay = settings.splay().toMillis();
        for (int n = 0; n < fleet.size; n++) {
            queue.add(story.firstDue(n, splay), n);
        }
        this.thread = new Thread(this::run, "simulator");
        thread.setDaemon(true);
    }

    /** Builds the fleet and starts its story. */
    public static Simulator start(Connection connection, Settings settings) {
        Simulator s = new Simulator(connection, settings);
        s.thread.start();
        return s;
    }

    private void run() {
        long end = settings.duration() == null ? Long.MAX_VALUE : settings.duration().toMillis();
        try {
            long acted = 0;
            while (waitWhilePaused()) {
                long now = now();
                simulatedMillis = Math.min(now, end);
                if (now >= end) {
                    break;
                }
                long due = queue.peekDue();
                if (due > now) {
                    publisher.tick();
                    LockSupport.parkNanos(Math.min(IDLE_NANOS, TimeUnit.MILLISECONDS.toNanos(Math.min(due, end) - now)));
                    continue;
                }
                int node = queue.poll();
                queue.add(story.act(node, due), node);
                behindMillis = now - due;
                if ((++acted & 1023) == 0) {
                    publisher.tick();
                }
            }
            publisher.flush(Duration.ofSeconds(10));
        } catch (Throwable t) {
            failure = t;
        } finally {
            synchronized (control) {
                paused = true; // a pause() waiting for the loop must not wait for a loop that is gone
                control.notifyAll();
            }
            ended.countDown();
        }
    }

    /** Parks while a pause is asked for; false when the simulator is to stop. */
    private boolean waitWhilePaused() throws InterruptedException {
        synchronized (control) {
            while (pauseRequested && !stopRequested) {
                if (!paused) {
                    paused = true;
                    pausedAt = System.nanoTime();
                    control.notifyAll();
                }
                control.wait();
            }
            if (paused) {
                paused = false;
                pausedNanos += System.nanoTime() - pausedAt;
            }
            return !stopRequested;
        }
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos - pausedNanos);
    }

    /**
     * Holds the story still between two actions and waits until the broker has every message sent.
     *
     * @return false when the broker did not confirm them within 10 seconds
     */
    public boolean pause() throws InterruptedException {
        synchronized (control) {
            pauseRequested = true;
            LockSupport.unpark(thread);
            while (!paused) {
                control.wait();
            }
        }
        return publisher.flush(Duration.ofSeconds(10));
    }

    /** Lets the story go on from where it was paused. */
    public void resume() {
        synchronized (control) {
            pauseRequested = false;
            control.notifyAll();
        }
    }

    /** Waits until the story ends (its duration is over, or it was closed); false on timeout. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Stats stats() {
        return new Stats(wire.lifecycle.sum(), wire.transitions.sum(), wire.execStates.sum(), wire.execOutcomes.sum(),
                publisher.failures(), publisher.flushTimeouts(), truth.liveNodes(),
                Duration.ofMillis(simulatedMillis), Duration.ofMillis(Math.max(0, behindMillis)));
    }

    /** component → version → live nodes that a tally with an unlimited window counts from what was sent. */
    public Map<String, Map<String, Long>> truth() {
        return truth.snapshot();
    }

    /** What stopped the story other than its end or close, e.g. a bug; null normally. */
    public Throwable failure() {
        return failure;
    }

    /** Stops the story (sending no shutdown events: the fleet lives on as far as the network knows) and flushes. */
    @Override
    public void close() {
        synchronized (control) {
            stopRequested = true;
            control.notifyAll();
        }
        LockSupport.unpark(thread);
        try {
            if (!ended.await(15, TimeUnit.SECONDS)) {
                thread.interrupt();
                ended.await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
