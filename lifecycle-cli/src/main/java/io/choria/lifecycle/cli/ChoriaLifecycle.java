package io.choria.lifecycle.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code choria-lifecycle} command line: the root command and the program's entry point.
 *
 * <p>Adding a command: write a class in this package annotated with {@code @Command(name = ...)},
 * implementing {@code Callable<Integer>} (0 ok, 1 failure), and list it in {@link Commands}, the
 * one place commands are registered. Give it {@code @Mixin HelpOption} for
 * {@code --help}, and {@code @ParentCommand ChoriaLifecycle root} to reach {@link #stdin()},
 * {@link #stdout()} and {@link #stderr()}; write data to {@code stdout()} only, as bytes.
 * Throw {@code ParameterException} for usage errors (exit 2); any other exception becomes one
 * {@code error: ...} line on stderr and exit code 1.
 */
@Command(name = "choria-lifecycle",
        mixinStandardHelpOptions = true,
        versionProvider = CliVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Reads and writes Choria lifecycle events.",
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error."})
public final class ChoriaLifecycle implements Callable<Integer> {
    /** The exit code of a usage error (bad flags, unknown command). */
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--debug", description = "Log debug messages (and stack traces) to stderr.")
    private boolean debug;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    ChoriaLifecycle(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs the program and exits with its exit code. */
    public static void main(String[] args) {
        StderrLogging.configure(args);
        HttpServerLimits.applyDefaults();
        System.exit(run(System.in, System.out, System.err, args));
    }

    /** Runs the command line in-process on the process's own stdin; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(System.in, out, err, args);
    }

    /** Runs the command line in-process with the given streams; returns the exit code, never throws. */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        try {
            CommandLine cl = new CommandLine(new ChoriaLifecycle(in, out, err));
            Commands.addReachable(cl, args);
            return execute(configure(cl, out, err), err, args);
        } catch (Throwable t) { // even building the command line failed
            return reportUncaught(t, err);
        }
    }

    /** Executes {@code cl}; what picocli lets escape (errors such as StackOverflowError) is one line too. */
    static int execute(CommandLine cl, PrintStream err, String... args) {
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

    /** The configured picocli command line over the given streams, with every command. */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new ChoriaLifecycle(in, out, err));
        Commands.addAll(cl);
        return configure(cl, out, err);
    }

    /** Streams and handlers, set after the subcommands are added so that picocli passes them down. */
    private static CommandLine configure(CommandLine cl, PrintStream out, PrintStream err) {
        cl.setOut(utf8Writer(out));
        cl.setErr(utf8Writer(err));
        cl.setExecutionExceptionHandler(new ExecutionErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        return cl;
    }

    /** The root of {@code cmd}'s command hierarchy, whose streams every report goes to. */
    static CommandLine topOf(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return c;
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

    /** Where commands read their default input. */
    public InputStream stdin() {
        return stdin;
    }

    /** Where commands write their data, as bytes; nothing else goes there. */
    public PrintStream stdout() {
        return stdout;
    }

    /** Where commands write {@code error: ...} lines and diagnostics. */
    public PrintStream stderr() {
        return stderr;
    }

    /** Whether {@code --debug} was given. */
    public boolean debug() {
        return debug;
    }
}
