package io.choria.lifecycle.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import io.choria.lifecycle.cli.bench.BenchCommand;
import io.choria.lifecycle.cli.command.DecodeCommand;
import io.choria.lifecycle.cli.command.DemoCommand;
import io.choria.lifecycle.cli.command.EncodeCommand;
import io.choria.lifecycle.cli.command.NodesCommand;
import io.choria.lifecycle.cli.command.PublishCommand;
import io.choria.lifecycle.cli.command.SimulateCommand;
import io.choria.lifecycle.cli.command.TallyCommand;
import io.choria.lifecycle.cli.command.ViewCommand;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

/**
 * The subcommands of {@code choria-lifecycle}: the one place a command is registered, and which of
 * them one invocation can reach.
 *
 * <p>Why not picocli's {@code @Command(subcommands = ...)}: picocli builds the model of every
 * listed command up front (reflection, annotation proxies, interpolation of every description),
 * which was about a third of the start-up of {@code --version} or {@code encode} on this machine.
 * A run of {@code encode} only needs the root and {@code encode}; {@code --help}, the {@code help}
 * command and mistyped commands ("did you mean") get them all.
 */
final class Commands {
    /** In the order {@code --help} lists them. */
    private static final Map<String, Function<Terminal, Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("help", t -> new HelpCommand());
        ALL.put("encode", EncodeCommand::new);
        ALL.put("decode", DecodeCommand::new);
        ALL.put("publish", t -> new PublishCommand());
        ALL.put("view", ViewCommand::new);
        ALL.put("tally", TallyCommand::new);
        ALL.put("nodes", NodesCommand::new);
        ALL.put("simulate", SimulateCommand::new);
        ALL.put("demo", DemoCommand::new);
        ALL.put("bench", BenchCommand::new);
    }

    /** Root flags that take no value, so the first argument that is not one of them names the command. */
    private static final Set<String> VERSION_ONLY = Set.of("-V", "--version", "--debug");

    private Commands() {
    }

    /** Adds every command to {@code root}, each made with {@code terminal}. */
    static void addAll(CommandLine root, Terminal terminal) {
        add(root, terminal, List.copyOf(ALL.keySet()));
    }

    /** Adds the commands that a run with {@code args} can reach. */
    static void addReachable(CommandLine root, Terminal terminal, String... args) {
        add(root, terminal, reachable(args));
    }

    /**
     * The command named by the first argument that is not a root flag, when it is one of ours; none
     * for a bare {@code --version}; all of them otherwise (help, no command, an unknown one).
     */
    static List<String> reachable(String... args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return ALL.containsKey(arg) && !arg.equals("help") ? List.of(arg) : List.copyOf(ALL.keySet());
            }
        }
        boolean versionOnly = args.length > 0 && VERSION_ONLY.containsAll(List.of(args))
                && (List.of(args).contains("-V") || List.of(args).contains("--version"));
        return versionOnly ? List.of() : List.copyOf(ALL.keySet());
    }

    private static void add(CommandLine root, Terminal terminal, List<String> names) {
        for (String name : names) {
            root.addSubcommand(name, ALL.get(name).apply(terminal));
        }
    }
}
