package io.choria.lifecycle.cli;

import io.choria.lifecycle.cli.bench.BurstCommand;
import io.choria.lifecycle.cli.bench.IngestCommand;
import io.choria.lifecycle.cli.bench.MemoryCommand;
import io.choria.lifecycle.cli.bench.ScrapeUnderLoadCommand;
import io.choria.lifecycle.cli.bench.WarmStartCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench}: quick measurements of this build on this machine (throughput lives in JMH). */
@Command(name = "bench", description = "Measure the tally on this machine.",
        subcommands = {MemoryCommand.class, IngestCommand.class, WarmStartCommand.class, BurstCommand.class,
                ScrapeUnderLoadCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ChoriaLifecycle root;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: memory, ingest, warm-start or burst");
    }

    /** The root command, for the streams of subcommands in other packages. */
    public ChoriaLifecycle root() {
        return root;
    }
}
