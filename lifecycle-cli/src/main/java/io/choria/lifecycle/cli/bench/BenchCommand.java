package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.Terminal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench}: quick measurements of this build on this machine (throughput lives in JMH). */
@Command(name = "bench", description = "Measure the tally on this machine.",
        subcommands = {MemoryCommand.class, IngestCommand.class, WarmStartCommand.class, BurstCommand.class,
                ScrapeUnderLoadCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public BenchCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: memory, ingest, warm-start or burst");
    }
}
