package io.choria.lifecycle.cli.demo;

import io.choria.lifecycle.simulator.Simulator;
import io.choria.lifecycle.GoDuration;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The demo's script: start everything (the example Spring Boot service too, when this is a
 * checkout), show the viewer for a few seconds, let the fleet live a
 * little longer, then pause it, wait until the tally has processed every event sent, and set the
 * tally's fleet (read from {@code /metrics}) beside the simulator's truth. {@link #close()}
 * (from the command or its shutdown hook) stops everything and wakes the script.
 */
public final class DemoRun implements AutoCloseable {
    /** How long the demo waits for the tally to catch up with a paused fleet. */
    static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(30);
    private static final int VIEWER_LINES_PER_SECOND = 8;

    /** The demo's knobs: fleet size and seed, alive interval, splay, how long the viewer is shown and the fleet runs, --follow. */
    public record Settings(int nodes, long seed, Duration aliveInterval, Duration splay, Duration viewFor,
            Duration runFor, boolean follow) {
    }

    /** Thrown inside the script when {@link #close()} was called meanwhile (Ctrl-C). */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final DemoStack stack = new DemoStack();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Integer result;

    public DemoRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs the demo; returns 0 when the tally matches the simulated fleet, 1 otherwise.
     *
     * @throws Stopped when closed meanwhile
     */
    public int run() throws InterruptedException {
        stack.startBrokerAndTally(out);
        say("nats-server (JetStream) on %s, tally of every component on %s", stack.brokerUrl(), stack.metricsUrl());
        Optional<DemoService> service = DemoService.jarInCheckout().map(jar -> stack.startService(jar, settings.aliveInterval()));
        say("%s", service.map(s -> String.format(Locale.ROOT, "a Spring Boot service joins as component %s, version %s,"
                + " in a JVM of its own (pid %d): lifecycle-examples/spring-boot-service with the starter",
                DemoService.COMPONENT, s.version(), s.pid()))
                .orElse("no Spring Boot service: the example comes with a checkout (lifecycle-examples/spring-boot-service)"));
        say("simulating %,d nodes (seed %d): alive every %s, startups over %s; live events (at most %d lines a second):",
                settings.nodes(), settings.seed(), GoDuration.format(settings.aliveInterval()),
                GoDuration.format(settings.splay()), VIEWER_LINES_PER_SECOND);
        LineSampler sampler = new LineSampler(out, VIEWER_LINES_PER_SECOND);
        stack.startViewer(new PrintStream(sampler, true, StandardCharsets.UTF_8));
        Simulator fleet = stack.startFleet(new Simulator.Settings(settings.nodes(), settings.seed(),
                settings.aliveInterval(), settings.splay(), null));
        pauseFor(settings.viewFor());
        sampler.stop();
        stack.stopViewer();
        say("... the viewer saw %,d events in %s, %,d shown", sampler.lines() - 1, GoDuration.format(settings.viewFor()),
                sampler.shown() - 1);
        Duration rest = settings.runFor().minus(settings.viewFor());
        if (!rest.isNegative() && !rest.isZero()) {
            say("the fleet lives on for %s more: upgrades, restarts, provisioning, Governor slots, Scout checks", GoDuration.format(rest));
            pauseFor(rest);
        }
        say("pausing the fleet; waiting until the tally has processed every event sent");
        boolean confirmed = fleet.pause();
        checkNotClosing();
        TallyProgress progress = TallyProgress.await(stack.metricsUrl(), fleet.stats(), PROCESSING_TIMEOUT, this::checkNotClosing);
        List<String> problems = new ArrayList<>(progress.problems());
        if (!confirmed) {
            problems.add(0, "the broker did not confirm every event sent");
        }
        out.println(progress.summary());
        Map<String, Map<String, Long>> truth = new TreeMap<>(fleet.truth());
        MetricsPage page = progress.page();
        if (service.isPresent()) {
            DemoService s = service.get();
            truth.put(DemoService.COMPONENT, Map.of(s.version(), 1L));
            page = s.awaitCounted(stack.metricsUrl(), PROCESSING_TIMEOUT, this::checkNotClosing);
            if (!page.fleet(DemoStack.PREFIX).containsKey(DemoService.COMPONENT)) {
                problems.add("the Spring Boot service did not join the fleet" + (s.isAlive() ? "" : "; its JVM ended: "
                        + s.lastLine()));
            }
        }
        FleetComparison comparison = new FleetComparison(page.fleet(DemoStack.PREFIX), truth);
        out.println();
        comparison.table().forEach(out::println);
        out.println();
        problems.addAll(comparison.differences());
        boolean matches = problems.isEmpty();
        out.println("tally matches the simulated fleet: " + (matches ? "yes" : "no"));
        problems.forEach(p -> out.println("  " + p));
        out.flush();
        result = matches ? 0 : 1;
        if (settings.follow()) {
            follow(fleet);
        }
        return result;
    }

    /** --follow: the fleet goes on until Ctrl-C. */
    private void follow(Simulator fleet) throws InterruptedException {
        fleet.resume();
        say("the fleet goes on; Ctrl-C stops everything.");
        say("tally: %s", stack.metricsUrl());
        say("try:   bin/choria-lifecycle view --server %s", stack.brokerUrl());
        closing.await();
        throw new Stopped();
    }

    private void say(String format, Object... args) {
        out.println("demo: " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** Waits, unless closed first. */
    private void pauseFor(Duration d) throws InterruptedException {
        if (closing.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new Stopped();
        }
    }

    private void checkNotClosing() {
        if (closing.getCount() == 0 || stack.isClosed()) {
            throw new Stopped();
        }
    }

    /** The comparison's exit code once made (0 matches, 1 not), so that stopping --follow keeps it. */
    public java.util.OptionalInt result() {
        Integer r = result;
        return r == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(r);
    }

    /** Whether {@link #close()} has been called. */
    public boolean closed() {
        return closing.getCount() == 0;
    }

    /** Stops everything the demo started; safe to call more than once and from a shutdown hook. */
    @Override
    public void close() {
        closing.countDown();
        stack.close();
    }
}
