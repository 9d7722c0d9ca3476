package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.AttachedValue;
import io.choria.lifecycle.cli.option.EventFlags;
import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.Terminal;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code encode}: prints the exact bytes of one event, described by flags, and a newline. */
@Command(name = "encode", sortOptions = false,
        description = "Print one event's JSON, byte for byte what Choria components write.")
public final class EncodeCommand implements Callable<Integer> {
    private final Terminal terminal;

    public EncodeCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    private HelpOption help;

    @Mixin
    private EventFlags event;

    @Option(names = "--id", preprocessor = AttachedValue.class, paramLabel = "UUID",
            description = "Event id (default: a random v4 UUID).")
    private String id;

    @Option(names = "--timestamp", paramLabel = "UNIX_SECONDS",
            description = "Event time, any int64 (default: now).")
    private Long timestamp;

    @Override
    public Integer call() throws IOException {
        List<EventOption> fixed = new ArrayList<>();
        if (id != null) {
            fixed.add(EventOption.id(id));
        }
        if (timestamp != null) {
            fixed.add(EventOption.unixTimestamp(timestamp));
        }
        LifecycleEvent e = event.toEvent(fixed.toArray(EventOption[]::new));
        byte[] json = Lifecycle.toJson(e);
        PrintStream out = terminal.stdout();
        out.write(json);
        out.write('\n');
        if (out.checkError()) {
            throw new IOException("cannot write to stdout");
        }
        return 0;
    }
}
