package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.option.HelpOption;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench ingest}: the highest rate over a real broker at which each receiver loses nothing. */
@Command(name = "ingest", sortOptions = false,
        description = "Measure, over a nats-server started on loopback, the highest steady rate at which a bare"
                + " subscriber, the tally and the viewer lose no event.")
public final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public IngestCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Events offered per step (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--start-rate", paramLabel = "EPS", defaultValue = "50000",
            description = "First rate offered, in events a second; it doubles per step (default: ${DEFAULT-VALUE}).")
    long startRate;

    @Option(names = "--max-rate", paramLabel = "EPS", defaultValue = "3200000",
            description = "Highest rate offered (default: ${DEFAULT-VALUE}).")
    long maxRate;

    @Option(names = "--refinements", paramLabel = "N", defaultValue = "3",
            description = "Halvings of the gap between the last lossless and the first lossy rate (default: ${DEFAULT-VALUE}).")
    int refinements;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Option(names = "--cold-only", paramLabel = "EPS",
            description = "Only measure what a tally started cold loses when offered this rate from its first moment.")
    Long coldOnly;

    @Override
    public Integer call() {
        if (events < 1_000 || events > 100_000_000) {
            throw new ParameterException(spec.commandLine(), "--events must be between 1000 and 100000000, got " + events);
        }
        if (startRate < 1_000 || maxRate < startRate) {
            throw new ParameterException(spec.commandLine(), "--start-rate must be at least 1000 and at most --max-rate");
        }
        if (refinements < 0 || refinements > 10) {
            throw new ParameterException(spec.commandLine(), "--refinements must be between 0 and 10, got " + refinements);
        }
        if (coldOnly != null) {
            long lost = new IngestBench(new IngestBench.Settings(events, startRate, maxRate, refinements),
                    terminal.stderr()).coldOnly(coldOnly);
            terminal.stdout().printf(Locale.ROOT, json ? "{\"events\":%d,\"tally_cold_rate\":%d,\"tally_cold_lost\":%d}%n"
                    : "%,d events offered at %,d ev/s to a tally started cold: %,d lost%n", events, coldOnly, lost);
            return 0;
        }
        Map<String, Object> results = new IngestBench(new IngestBench.Settings(events, startRate, maxRate, refinements),
                terminal.stderr()).run();
        print(results, terminal.stdout());
        return 0;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> results, PrintStream out) {
        Map<String, IngestBench.Receiver> r = (Map<String, IngestBench.Receiver>) results.get("receivers");
        long raw = r.get("raw").losslessRate();
        IngestBench.Receiver tally = r.get("tally");
        IngestBench.Receiver view = r.get("view");
        if (json) {
            out.printf(Locale.ROOT, "{\"events\":%d,\"raw_eps\":%d,\"tally_eps\":%d,\"view_eps\":%d,"
                            + "\"tally_ratio\":%.2f,\"view_ratio\":%.2f,\"raw_publisher_limited\":%b,"
                            + "\"raw_peak_eps\":%d,\"tally_peak_eps\":%d,\"view_peak_eps\":%d,"
                            + "\"tally_peak_lost\":%d,\"view_peak_lost\":%d,\"tally_peak_rss_mb\":%d,"
                            + "\"tally_cold_lost\":%d}%n",
                    events, raw, tally.losslessRate(), view.losslessRate(), ratio(tally, raw), ratio(view, raw),
                    r.get("raw").publisherLimited(), r.get("raw").peakRate(), tally.peakRate(), view.peakRate(),
                    tally.peakLost(), view.peakLost(), tally.peakRssBytes() / (1024 * 1024), results.get("tally_cold_lost"));
        } else {
            out.printf(Locale.ROOT, "%-6s %18s %7s %18s %12s%n", "", "lossless (ev/s)", "ratio", "unthrottled (ev/s)", "lost then");
            for (IngestBench.Receiver x : r.values()) {
                out.printf(Locale.ROOT, "%-6s %,18d %7.2f %,18d %,12d%s%n", x.kind(), x.losslessRate(), ratio(x, raw),
                        x.peakRate(), x.peakLost(), x.publisherLimited() ? "  (publisher-limited)" : "");
            }
            out.printf(Locale.ROOT, "tally peak RSS %,d MB; a tally started cold at %,d ev/s lost %,d%n",
                    tally.peakRssBytes() / (1024 * 1024), results.get("tally_cold_rate"), results.get("tally_cold_lost"));
        }
        out.flush();
    }

    private static double ratio(IngestBench.Receiver r, long raw) {
        return raw == 0 ? 0 : (double) r.losslessRate() / raw;
    }
}
