package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.option.ConnectionOptions;
import io.choria.lifecycle.cli.option.HelpOption;

import io.nats.client.Connection;
import java.time.Duration;
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
 * {@code bench burst}: a burst of lifecycle events on a broker of the operator's, as fast as this
 * process can publish them (or at {@code --rate}): to see what a tally or viewer does when a whole
 * fleet announces itself at once. The events are those of {@code bench ingest}.
 */
@Command(name = "burst", sortOptions = false,
        description = "Publish N alive/startup events of 100,000 made-up nodes as fast as possible (or at --rate);"
                + " with --new-identities or --new-versions, alive events a tally has not seen before.")
public final class BurstCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public BurstCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", description = "Events (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--rate", paramLabel = "EPS", defaultValue = "0",
            description = "Events a second; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--new-identities", description = "Every event from a node never seen before"
            + " (abuse-<n>.example.net, n from --first on): what a provisioning loop gone wrong sends.")
    boolean newIdentities;

    @Option(names = "--new-versions", description = "Every event names a version never named before (1.0.<n>), sent"
            + " by abuse-0 to abuse-99999.example.net in turn.")
    boolean newVersions;

    @Option(names = "--first", paramLabel = "N", defaultValue = "0",
            description = "The first n of --new-identities and --new-versions, to go on from an earlier burst"
                    + " (default: ${DEFAULT-VALUE}).")
    long first;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        if (events < 1 || rate < 0 || first < 0) {
            throw new ParameterException(spec.commandLine(), "--events must be positive, --rate and --first not negative");
        }
        try (Connection c = connection.connect(Duration.ofSeconds(10))) {
            SteadyPublisher publisher = newIdentities || newVersions
                    ? new SteadyPublisher(c, new DistinctEvents(newIdentities, newVersions, first)) : new SteadyPublisher(c);
            SteadyPublisher.Offer offer = publisher.offer(events, rate);
            terminal.stdout().printf(Locale.ROOT, "published %,d events in %.2f s (%,.0f a second); the broker has them all%n",
                    offer.sent(), offer.nanos() / 1e9, offer.rate());
        }
        return 0;
    }
}
