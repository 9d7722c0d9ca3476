package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.ConnectionOptions;
import io.choria.lifecycle.cli.option.DurationConverter;
import io.choria.lifecycle.cli.option.EventFlags;
import io.choria.lifecycle.cli.option.HelpOption;

import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.nats.EventPublisher;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code publish}: sends one event, described by the same flags as {@code encode}, and waits until the broker has it. */
@Command(name = "publish", sortOptions = false,
        description = "Publish one event to choria.lifecycle.event.<type>.<component> and wait until the broker has it.")
public final class PublishCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Mixin
    private EventFlags event;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Give up when the broker has not confirmed the event within this time (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Mixin
    private ConnectionOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        LifecycleEvent e = event.toEvent();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = connection.connect(timeout)) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofMillis(100).toNanos()));
            EventPublisher.publishAndWait(c, e, left);
        }
        return 0;
    }
}
