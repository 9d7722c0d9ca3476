package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.ConnectionOptions;
import io.choria.lifecycle.cli.option.DurationConverter;
import io.choria.lifecycle.cli.option.EventFlags;
import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.StopSignals;
import io.choria.lifecycle.cli.process.Terminal;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.nats.EventViewer;
import io.choria.lifecycle.nats.ViewOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code view}: prints lifecycle events as they arrive until interrupted (Ctrl-C). */
@Command(name = "view", sortOptions = false,
        description = "Show lifecycle events as they happen, one line each, until interrupted (Ctrl-C).")
public final class ViewCommand implements Callable<Integer> {
    private final Terminal terminal;

    public ViewCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--component", paramLabel = "C", description = "Only events of this exact component.")
    private String component;

    @Option(names = "--type", paramLabel = "TYPE", completionCandidates = EventFlags.TypeNames.class,
            description = "Only events of this type: ${COMPLETION-CANDIDATES}.")
    private String type;

    @Option(names = "--debug", description = "Print each message's raw body instead of a summary line.")
    private boolean debug;

    @Option(names = "--json", description = "Print each event as one line of compact Choria-format JSON.")
    private boolean json;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "First replay the broker's CHORIA_EVENTS stream from this long ago (e.g. 30m, 2h),"
                    + " then go on live.")
    private Duration since;

    @Option(names = "--stream", description = "Read events from the broker's CHORIA_EVENTS stream instead of live"
            + " subjects: when the output cannot keep up the viewer lags instead of missing events.")
    private boolean stream;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Give up when no broker answered within this time, all servers together"
                    + " (default: ${DEFAULT-VALUE}); once connected, the viewer reconnects without end.")
    private Duration timeout;

    @Mixin
    private ConnectionOptions connection;

    @Override
    public Integer call() {
        ViewOptions options = options();
        CountDownLatch stop = new CountDownLatch(1);
        // signals first: one that comes while connecting stops the viewer as soon as it is connected
        try (StopSignals signals = StopSignals.install(stop::countDown)) {
            EventViewer viewer = EventViewer.view(connection.settingsWithin(timeout), options);
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                viewer.close();
                long missed = viewer.subscription().dropped();
                if (missed > 0) {
                    terminal.stderr().printf("view: missed %d events because the output could not keep up;"
                            + " --stream reads them from the broker's stream without loss%n", missed);
                    terminal.stderr().flush();
                }
            }
        }
        return 0;
    }

    private ViewOptions options() {
        if (debug && json) {
            throw new ParameterException(spec.commandLine(), "--debug and --json cannot be used together");
        }
        try {
            return ViewOptions.builder().typeFilter(type).componentFilter(component).debug(debug).json(json)
                    .since(since).stream(stream).output(terminal.stdout()).build();
        } catch (LifecycleException e) {
            throw new ParameterException(spec.commandLine(), "--type: " + e.getMessage());
        }
    }
}
