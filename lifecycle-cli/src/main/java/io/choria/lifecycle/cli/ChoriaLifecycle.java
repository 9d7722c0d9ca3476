package io.choria.lifecycle.cli;

import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.CliVersion;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import io.choria.lifecycle.cli.process.ErrorLine;
import io.choria.lifecycle.cli.process.ExecutionErrorHandler;
import io.choria.lifecycle.cli.process.GoTlsGroups;
import io.choria.lifecycle.cli.process.StderrLogging;
import io.choria.lifecycle.cli.process.Terminal;
import io.choria.lifecycle.cli.process.TerminalFactory;
import io.choria.lifecycle.cli.process.UsageErrorHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code choria-lifecycle} command line: the root command and the program's entry point.
 *
 * <p>Adding a command: write a class in {@code io.choria.lifecycle.cli.command} annotated with
 * {@code @Command(name = ...)}, implementing {@code Callable<Integer>} (0 ok, 1 failure), with a
 * constructor taking the {@link Terminal} (its streams and {@code --debug}), and list it in
 * {@link Commands}, the one place commands are registered. Give it {@code @Mixin HelpOption} for
 * {@code --help}; write data to {@code terminal.stdout()} only, as bytes. Throw
 * {@code ParameterException} for usage errors (exit 2) and {@code ConfigurationError} for a
 * configuration only the operator can fix (exit 78); any other exception becomes one
 * {@code error: ...} line on stderr and exit code 1.
 */
@Command(name = "choria-lifecycle",
        mixinStandardHelpOptions = true,
        versionProvider = io.choria.lifecycle.cli.process.CliVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Reads and writes Choria lifecycle events.",
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error, 78 configuration error."})
public final class ChoriaLifecycle implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--debug", description = "Log debug messages (and stack traces) to stderr.")
    private boolean debug;

    private final Terminal terminal;

    private ChoriaLifecycle(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.terminal = new Terminal(stdin, stdout, stderr, () -> debug);
    }

    /** Runs the program and exits with its exit code. */
    public static void main(String[] args) {
        StderrLogging.configure(args);
        GoTlsGroups.applyDefault();
        System.exit(run(System.in, System.out, System.err, args));
    }

    /** Runs the command line in-process on the process's own stdin; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(System.in, out, err, args);
    }

    /** Runs the command line in-process with the given streams; returns the exit code, never throws. */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        try {
            ChoriaLifecycle root = new ChoriaLifecycle(in, out, err);
            CommandLine cl = root.commandLine();
            Commands.addReachable(cl, root.terminal, args);
            return execute(root.configure(cl), err, args);
        } catch (Throwable t) { // even building the command line failed
            return reportUncaught(t, err);
        }
    }

    /** Executes {@code cl}; what picocli lets escape (errors such as StackOverflowError) is one line too. */
    public static int execute(CommandLine cl, PrintStream err, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            return reportUncaught(t, err);
        }
    }

    private static int reportUncaught(Throwable t, PrintStream err) {
        err.println("error: " + ErrorLine.of(t));
        err.flush();
        return 1;
    }

    /** The configured picocli command line over the given streams, with every command (for tests). */
    public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        ChoriaLifecycle root = new ChoriaLifecycle(in, out, err);
        CommandLine cl = root.commandLine();
        Commands.addAll(cl, root.terminal);
        return root.configure(cl);
    }

    /** This root with the factory that hands every command the terminal. */
    private CommandLine commandLine() {
        return new CommandLine(this, new TerminalFactory(terminal));
    }

    /** Streams and handlers, set after the subcommands are added so that picocli passes them down. */
    private CommandLine configure(CommandLine cl) {
        cl.setOut(utf8Writer(terminal.stdout()));
        cl.setErr(utf8Writer(terminal.stderr()));
        cl.setExecutionExceptionHandler(new ExecutionErrorHandler(terminal));
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        return cl;
    }

    private static PrintWriter utf8Writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** Without a command there is nothing to do: a usage error naming the commands. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command, choose one of " + String.join(", ", spec.subcommands().keySet()));
    }

    /** Whether {@code --debug} was given before the command. */
    public boolean debug() {
        return debug;
    }
}
