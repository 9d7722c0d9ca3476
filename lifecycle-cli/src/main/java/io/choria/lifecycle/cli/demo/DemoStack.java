package io.choria.lifecycle.cli.demo;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.simulator.Simulator;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.EventStream;
import io.choria.lifecycle.nats.EventViewer;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.ViewOptions;
import io.choria.lifecycle.tally.Tally;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the demo runs, started in order and stopped in reverse: nats-server with
 * JetStream and the {@code CHORIA_EVENTS} stream a Choria Broker keeps, a tally of every
 * component, the example Spring Boot service (in a JVM of its own, see {@link DemoService}), a
 * viewer and the simulated fleet.
 *
 * <p>All but nats-server and the Spring Boot service run in this JVM, each on its own NATS connection, so they still meet
 * only on the real broker and the tally is read only through its real HTTP {@code /metrics}. One
 * process instead of four spares three JVM starts and their JIT warm-up on a 2-core machine,
 * lets the demo pause the simulator and read its truth directly, and leaves one shutdown hook
 * to stop everything on Ctrl-C.
 */
final class DemoStack implements AutoCloseable {
    static final String PREFIX = "choria_tally";

    private final List<AutoCloseable> started = new ArrayList<>();
    private NatsServerProcess broker;
    private Tally tally;
    private EventViewer viewer;
    private Simulator simulator;
    private boolean closed;

    /** Starts nats-server, the stream and the tally. */
    synchronized void startBrokerAndTally(PrintStream progress) {
        broker = own(NatsServerProcess.builder().purpose("demo").progress(progress).jetStream(true).start());
        Connection c = connect("tally");
        addEventStream(c);
        tally = own(Tally.builder().connection(c).component("*").prefix(PREFIX).bind("127.0.0.1").port(0)
                .replay(false).start());
    }

    /** Starts a viewer printing to {@code output}. */
    synchronized void startViewer(PrintStream output) {
        viewer = own(EventViewer.writeEvents(connect("viewer"), ViewOptions.builder().output(output).build()));
    }

    /** Starts the example Spring Boot service in a JVM of its own, on the demo's broker. */
    synchronized DemoService startService(java.nio.file.Path jar, Duration aliveInterval) {
        return own(DemoService.start(jar, broker.url(), aliveInterval));
    }

    synchronized Simulator startFleet(Simulator.Settings settings) {
        simulator = own(Simulator.start(connect("simulator"), settings));
        return simulator;
    }

    synchronized void stopViewer() {
        if (viewer != null) {
            viewer.close();
        }
    }

    String brokerUrl() {
        return broker.url();
    }

    URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + tally.port() + "/metrics");
    }

    /** Stops what was started, newest first; again is a no-op. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // stopping the rest matters more; nats-server, the last, is always stopped
            }
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private Connection connect(String name) {
        ConnectionSettings settings = ConnectionSettings.builder().servers(List.of(broker.url()))
                .name("choria-lifecycle-demo-" + name).connectTimeout(Duration.ofSeconds(5)).build();
        return own(NatsConnector.connect(settings));
    }

    /** As the Choria Broker does, so that {@code view --since} and a restarted tally's warm start have history. */
    private static void addEventStream(Connection c) {
        try {
            c.jetStreamManagement().addStream(StreamConfiguration.builder().name(EventStream.NAME)
                    .subjects("choria.lifecycle.event.>").storageType(StorageType.File).maxAge(Duration.ofHours(1)).build());
        } catch (IOException | JetStreamApiException e) {
            throw new LifecycleException(Reason.REFUSED, "cannot create the stream " + EventStream.NAME + ": " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T own(T part) {
        if (closed) {
            closeQuietly(part);
            throw new LifecycleException(Reason.INTERRUPTED, "stopped");
        }
        started.add(part);
        return part;
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            // already stopping
        }
    }
}
