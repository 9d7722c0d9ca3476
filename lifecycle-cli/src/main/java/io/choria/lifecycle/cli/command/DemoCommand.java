package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.StopSignals;

import io.choria.lifecycle.cli.demo.DemoRun;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole system on one machine, checked. A private nats-server, a tally, a
 * viewer and a simulated fleet; then the tally's {@code /metrics} beside the simulator's truth.
 * Exit code 0 when they match, 1 otherwise; everything started is stopped, also on Ctrl-C.
 */
@Command(name = "demo", sortOptions = false,
        description = "Run a simulated Choria fleet, a tally and a viewer on a private nats-server for a few seconds,"
                + " then check the tally's /metrics against the fleet the simulator sent.")
public final class DemoCommand implements Callable<Integer> {
    /** Alive beats every few seconds so that a short demo sees the whole story. */
    static final Duration ALIVE_INTERVAL = Duration.ofSeconds(5);
    static final Duration SPLAY = Duration.ofSeconds(3);
    static final Duration VIEW_FOR = Duration.ofSeconds(5);
    static final Duration RUN_FOR = Duration.ofSeconds(15);

    private final Terminal terminal;

    public DemoCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    /** The exit code of a demo stopped before it could compare (as a shell reports Ctrl-C). */
    private static final int INTERRUPTED = 130;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "2000", description = "Fleet size (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the fleet and its story (default: random, printed).")
    Long seed;

    @Option(names = "--follow", description = "After the check, keep everything running until Ctrl-C and print the tally's URL.")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        if (nodes < 1 || nodes > 1_000_000) {
            throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and 1000000, got " + nodes);
        }
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        DemoRun run = new DemoRun(new DemoRun.Settings(nodes, s, ALIVE_INTERVAL, SPLAY, VIEW_FOR, RUN_FOR, follow),
                terminal.stdout());
        // closing stops the broker, tally and fleet: on a thread of its own, so that the signal
        // handler returns at once and a second Ctrl-C can still end the process
        try (StopSignals signals = StopSignals.install(() -> new Thread(run::close, "demo-stop").start())) {
            return run.run();
        } catch (DemoRun.Stopped e) {
            return run.result().orElse(INTERRUPTED);
        } catch (RuntimeException e) {
            if (run.closed()) {
                return INTERRUPTED; // a part failed because Ctrl-C stopped it: nothing to report
            }
            throw e;
        } finally {
            run.close();
        }
    }
}
