package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.option.HelpOption;

import java.util.Locale;
import java.util.concurrent.Callable;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench warm-start}: how soon a tally started on a broker with a full stream has the fleet right. */
@Command(name = "warm-start", sortOptions = false,
        description = "Fill a nats-server's CHORIA_EVENTS stream, start a tally and measure how soon it has every node right.")
public final class WarmStartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public WarmStartCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "500000", description = "Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Events in the stream, at least one per node (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() {
        if (nodes < 1 || nodes > 5_000_000 || events < nodes || events > 50_000_000) {
            throw new ParameterException(spec.commandLine(),
                    "--nodes must be 1 to 5000000 and --events at least --nodes and at most 50000000");
        }
        WarmStartBench.Result r = new WarmStartBench(nodes, events, terminal.stderr()).run();
        terminal.stdout().printf(Locale.ROOT, json
                ? "{\"nodes\":%d,\"events\":%d,\"seconds_to_right\":%.2f,\"replay_seconds\":%.2f,\"replay_eps\":%.0f}%n"
                : "%,d nodes, %,d events: right %.2f s after start (replay %.2f s, %,.0f events/s)%n",
                r.nodes(), r.events(), r.secondsToRight(), r.replaySeconds(), r.replayRate());
        return 0;
    }
}
