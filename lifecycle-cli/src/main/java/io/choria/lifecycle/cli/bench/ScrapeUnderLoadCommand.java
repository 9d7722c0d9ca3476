package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.option.HelpOption;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench scrape}: how long a {@code /metrics} scrape takes while the tally ingests a steady
 * stream of events, over plain HTTP and over TLS with basic auth, side by side in one run: the
 * tally is the real command in a JVM of its own with the launcher's settings, fed through a real
 * nats-server on loopback, and scraped as Prometheus does (a kept connection, gzip).
 */
@Command(name = "scrape", sortOptions = false,
        description = "Time /metrics scrapes of a tally taking --rate events a second, plain and over TLS with basic auth.")
public final class ScrapeUnderLoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public ScrapeUnderLoadCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    @Option(names = "--rate", paramLabel = "EPS", defaultValue = "200000",
            description = "Events a second offered to the tally while it is scraped (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "20",
            description = "How long each round offers events and scrapes (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--scrape-every", paramLabel = "MS", defaultValue = "250",
            description = "Milliseconds between scrapes (default: ${DEFAULT-VALUE}).")
    int everyMillis;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "2",
            description = "Pairs of rounds, plain then TLS, each with a new tally (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (rate < 1_000 || seconds < 2 || seconds > 600 || everyMillis < 10 || rounds < 1 || rounds > 20) {
            throw new ParameterException(spec.commandLine(), "--rate must be at least 1000, --seconds between 2 and 600,"
                    + " --scrape-every at least 10, --rounds between 1 and 20");
        }
        PrintStream out = terminal.stdout();
        try (NatsServerProcess nats = NatsServerProcess.builder().purpose("bench-scrape").progress(terminal.stderr()).jetStream(true).start();
             ScrapeTarget.Pki pki = ScrapeTarget.Pki.create();
             Connection publisher = Nats.connect(nats.url())) {
            SteadyPublisher events = new SteadyPublisher(publisher);
            out.printf(Locale.ROOT, "bench scrape: %,d events/s for %d s per round, a scrape every %d ms%n", rate, seconds,
                    everyMillis);
            out.println("  round          scrapes  p50 ms  p99 ms  max ms  over 1 s  events/s offered  lost in the round");
            for (int round = 0; round < 2 * rounds; round++) {
                boolean tls = round % 2 == 1;
                try (ScrapeTarget tally = ScrapeTarget.start(nats.url(), tls ? pki : null)) {
                    events.offer(SteadyPublisher.NODES, 0); // every node known before timing, as in a running fleet
                    ScrapeRound.Result r = new ScrapeRound(tally, events, rate, seconds, everyMillis).run();
                    out.printf(Locale.ROOT, "  %-13s %8d %7.1f %7.1f %7.1f %9d %17s %18d%n", tls ? "TLS + user" : "plain HTTP",
                            r.scrapes(), r.p50Millis(), r.p99Millis(), r.maxMillis(), r.overOneSecond(),
                            String.format(Locale.ROOT, "%,.0f", r.offeredRate()), r.lost());
                }
            }
        }
        return 0;
    }
}
