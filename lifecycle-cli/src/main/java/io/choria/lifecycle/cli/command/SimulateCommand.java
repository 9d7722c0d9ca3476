package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.ConnectionOptions;
import io.choria.lifecycle.cli.option.DurationConverter;
import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.option.NonNegativeDurationConverter;
import io.choria.lifecycle.cli.process.ErrorLine;
import io.choria.lifecycle.cli.process.StopSignals;

import io.choria.lifecycle.simulator.Simulator;
import io.choria.lifecycle.simulator.TruthFile;
import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: a fleet of Choria components on the network, for rehearsing dashboards and
 * alerts or load-testing a tally. Runs for {@code --duration} or until Ctrl-C/SIGTERM; stopping
 * sends no shutdown events and writes the {@code --truth}. Progress goes to stderr.
 */
@Command(name = "simulate", sortOptions = false,
        description = "Emulate a fleet of Choria components publishing lifecycle, Governor and machine events,"
                + " until interrupted (Ctrl-C) or for --duration.")
public final class SimulateCommand implements Callable<Integer> {
    static final Duration SHORTEST_INTERVAL = Duration.ofMillis(10);

    private final Terminal terminal;

    public SimulateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1000", description = "Fleet size (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 10m (default: until interrupted).")
    Duration duration;

    @Option(names = "--alive-interval", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Time between a node's alive events, as real servers: 30m; seconds for demos (default: ${DEFAULT-VALUE}).")
    Duration aliveInterval;

    @Option(names = "--splay", paramLabel = "DURATION", defaultValue = "30s", converter = NonNegativeDurationConverter.class,
            description = "Spread the fleet's startups over this long (default: ${DEFAULT-VALUE}).")
    Duration splay;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the fleet and its story: the same seed, the same fleet and events (default: random, printed).")
    Long seed;

    @Option(names = "--truth", paramLabel = "FILE",
            description = "On stopping, write component -> version -> live nodes as one JSON object ('-' for stdout).")
    Path truth;

    @Option(names = "--stats-every", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Print a progress line on stderr this often (default: ${DEFAULT-VALUE}).")
    Duration statsEvery;

    @Mixin
    ConnectionOptions connection;

    /** How long the first connect may take, all servers together, as for view and tally. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Simulator simulator;
    private Connection nats;
    private ScheduledExecutorService reporter;
    private int exitCode;

    @Override
    public Integer call() throws Exception {
        Simulator.Settings settings = settings();
        checkTruthTarget();
        CountDownLatch stop = new CountDownLatch(1);
        // signals first: SIGTERM/Ctrl-C end the simulation, write the truth and exit 0, also while connecting
        try (StopSignals signals = StopSignals.install(stop::countDown)) {
            ConnectionSettings connectionSettings = connection.settingsWithin(CONNECT_TIMEOUT);
            nats = NatsConnector.connect(connectionSettings);
            simulator = Simulator.start(nats, settings);
            PrintStream err = terminal.stderr();
            err.printf(Locale.ROOT, "simulate: %,d nodes, seed %d, alive every %s, startups over %s, on %s%s%n", nodes,
                    settings.seed(), GoDuration.format(aliveInterval), GoDuration.format(splay),
                    connectionSettings.describeServers(),
                    duration == null ? " (Ctrl-C to stop)" : " for " + GoDuration.format(duration));
            reporter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "simulate-stats");
                t.setDaemon(true);
                return t;
            });
            SimulationProgress progress = new SimulationProgress(simulator, err);
            reporter.scheduleAtFixedRate(progress::print, statsEvery.toMillis(), statsEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                while (!stop.await(200, TimeUnit.MILLISECONDS) && !simulator.awaitEnd(Duration.ZERO)) {
                    // runs until its duration is over or a signal stops it
                }
            } finally {
                finish();
            }
        }
        return exitCode;
    }

    private Simulator.Settings settings() {
        if (nodes < 1 || nodes > 10_000_000) {
            throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and 10000000, got " + nodes);
        }
        if (aliveInterval.compareTo(SHORTEST_INTERVAL) < 0) {
            throw new ParameterException(spec.commandLine(), "--alive-interval must be at least 10ms, got "
                    + GoDuration.format(aliveInterval));
        }
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        return new Simulator.Settings(nodes, s, aliveInterval, splay, duration);
    }

    /** Refuses a --truth nobody could write now rather than after hours of simulating. */
    private void checkTruthTarget() {
        if (truth == null || truth.toString().equals("-")) {
            return;
        }
        Path dir = truth.toAbsolutePath().getParent();
        String reason = Files.isDirectory(truth) ? "it is a directory"
                : dir == null || !Files.isDirectory(dir) ? "no such directory"
                : !Files.isWritable(dir) || Files.exists(truth) && !Files.isWritable(truth) ? "permission denied" : null;
        if (reason != null) {
            throw new ParameterException(spec.commandLine(), "--truth: cannot write " + truth + ": " + reason);
        }
    }

    /** Stops the story, reports, writes the truth and closes the connection. */
    private void finish() {
        if (simulator == null) {
            return;
        }
        simulator.close();
        reporter.shutdownNow();
        PrintStream err = terminal.stderr();
        Simulator.Stats stats = simulator.stats();
        err.println("simulate: stopped; " + SimulationProgress.summary(stats));
        if (simulator.failure() != null) {
            err.println("error: the simulation stopped: " + ErrorLine.of(simulator.failure()));
            exitCode = 1;
        }
        if (truth != null) {
            writeTruth(err);
        }
        err.flush();
        try {
            nats.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeTruth(PrintStream err) {
        try {
            if (truth.toString().equals("-")) {
                TruthFile.write(simulator.truth(), terminal.stdout());
            } else {
                try (OutputStream out = Files.newOutputStream(truth)) {
                    TruthFile.write(simulator.truth(), out);
                }
                err.println("simulate: truth written to " + truth);
            }
        } catch (IOException e) {
            err.println("error: " + truth + ": " + ErrorLine.ioReason(e));
            exitCode = 1;
        }
    }
}
