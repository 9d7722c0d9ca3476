package io.choria.lifecycle.cli.process;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, for commands that run until stopped: the
 * command closes what it opened and returns, and the process exits 0. Left to the JVM, either
 * signal runs the shutdown hooks and exits 143 or 130, which systemd counts as a failure (unless
 * told otherwise) and which the docs promised not to be. A second signal while stopping ends the
 * process at once with the JVM's usual code (128 + signal number), for a stop that hangs.
 *
 * <p>{@code sun.misc.Signal} is the JDK's supported way (module jdk.unsupported, kept for exactly
 * this use); there is no other way to keep a signal from running the JVM's shutdown.
 */
public final class StopSignals implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("TERM", "INT");
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile boolean stopping;

    private StopSignals(Runnable stop) {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                previous.add(Signal.handle(signal, s -> onSignal(s, stop)));
                signals.add(signal);
            } catch (IllegalArgumentException unavailable) {
                // e.g. INT when the JVM runs with -Xrs or in the background of some shells: keep the default
            }
        }
    }

    /** Makes TERM and INT call {@code stop} until closed; {@code stop} must not block. */
    public static StopSignals install(Runnable stop) {
        return new StopSignals(stop);
    }

    private void onSignal(Signal signal, Runnable stop) {
        if (stopping) {
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        stopping = true;
        stop.run();
    }

    /** Gives the signals back to the handlers they had. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
