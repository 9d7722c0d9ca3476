package io.choria.lifecycle.cli.bench;

import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.Terminal;
import java.util.List;
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
        // named from the registered subcommands, so a new one cannot be left out of the message
        List<String> names = List.copyOf(spec.subcommands().keySet());
        String last = names.get(names.size() - 1);
        String list = names.size() == 1 ? last : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
        throw new ParameterException(spec.commandLine(), "missing subcommand: " + list);
    }
}
