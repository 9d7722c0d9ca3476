package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.ConnectionOptions;
import io.choria.lifecycle.cli.option.DurationConverter;
import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.CliVersion;
import io.choria.lifecycle.cli.process.DebugSwitch;
import io.choria.lifecycle.cli.process.StopSignals;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.tally.Tally;
import io.choria.lifecycle.tally.web.WebConfigFile;
import io.nats.client.Connection;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tally}: the fleet tally, a drop-in for the reference's {@code tally} tool. Runs until
 * stopped; on SIGTERM or Ctrl-C a leader announces "lost", everything is closed and it exits 0.
 */
@Command(name = "tally", sortOptions = false,
        description = "Count live nodes per component and version and serve them as Prometheus metrics,"
                + " a fleet page and a nodes API.")
public final class TallyCommand implements Callable<Integer>, DebugSwitch {
    private static final Pattern LISTEN_ADDRESS = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]]*):(\\d{1,5})");

    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public TallyCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    /** {@code *} as choria-io/tally's main.go since fab8df5 (2021) and its packaged unit; {@code server} before that. */
    @Option(names = "--component", defaultValue = "*",
            description = "Component to tally, e.g. server; '*' for all (default: ${DEFAULT-VALUE}, as the reference tally).")
    String component;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port serving /metrics (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", description = "Address to listen on (default: all interfaces).")
    String bind;

    @Option(names = "--web.listen-address", paramLabel = "[HOST]:PORT",
            description = "Address and port to listen on, as Prometheus exporters name it: ':8080' for all interfaces,"
                    + " '127.0.0.1:8080', '[::1]:8080' (instead of --bind and --port).")
    String listenAddress;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "Web configuration file in the exporter-toolkit format (TLS, basic_auth_users, headers,"
                    + " rate_limit), as node_exporter reads it; covers every path of the port, read again when it changes.")
    Path webConfig;

    @Option(names = "--metrics-only", description = "Serve only /metrics and /-/healthy, /-/ready: no fleet page,"
            + " nodes API or live feed (the reference tally's surface).")
    boolean metricsOnly;

    @Option(names = "--prefix", defaultValue = "choria_tally", description = "Metric name prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--election", paramLabel = "CAMPAIGN",
            description = "Take part in this leader election; only the leader's series are active=\"1\".")
    String election;

    @Option(names = "--expire-after", defaultValue = "80m", paramLabel = "DURATION",
            description = "Forget nodes not seen for this long, e.g. 90s, 1h20m (default: ${DEFAULT-VALUE}).")
    String expireAfter;

    @Option(names = "--max-nodes", paramLabel = "N",
            description = "Track at most N nodes; events of further new nodes are counted in _refused_events, known"
                    + " nodes still update (default: what the heap holds with room to spare, about 1,000,000 with the"
                    + " launcher's 256 MB; see docs/tally.md).")
    Integer maxNodes;

    @Option(names = "--max-versions", paramLabel = "N", defaultValue = "300",
            description = "Expose at most N versions per component in _versions; nodes on further versions are counted"
                    + " in _version_limit_nodes, their events in _refused_events (default: ${DEFAULT-VALUE}).")
    int maxVersions;

    @Option(names = "--no-replay", description = "Do not rebuild the node table from the CHORIA_EVENTS stream at start.")
    boolean noReplay;

    @Option(names = "--stream", description = "Read lifecycle events from the broker's CHORIA_EVENTS stream instead"
            + " of live subjects: a burst makes the tally lag instead of lose events, and it resumes where it was"
            + " after a broker restart. Needs the stream.")
    boolean stream;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Give up when no broker answered within this time, all servers together"
                    + " (default: ${DEFAULT-VALUE}); once connected, the tally reconnects without end.")
    Duration timeout;

    @Mixin
    ConnectionOptions connection;

    /** Where the reference tally takes it; the same as the root's {@code --debug} (read early by StderrLogging). */
    @Option(names = "--debug", description = "Log debug messages (and stack traces) to stderr.")
    boolean debug;

    @Override
    public boolean debug() {
        return debug;
    }

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Tally.Builder settings = Tally.builder();
        usage(() -> settings.expireAfter(GoDuration.parse(expireAfter)), "--expire-after");
        usage(() -> settings.component(component), "--component");
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        if (listenAddress != null) {
            listenOn(listenAddress);
        }
        usage(() -> settings.prefix(prefix), "--prefix");
        if (maxNodes != null) {
            usage(() -> settings.maxNodes(maxNodes), "--max-nodes");
        }
        usage(() -> settings.maxVersions(maxVersions), "--max-versions");
        if (webConfig != null) {
            WebConfigFile.load(webConfig); // a file that cannot be used stops the start before connecting
        }
        // signals first: one that comes while starting stops the tally as soon as it has started
        try (StopSignals signals = StopSignals.install(this::stop)) {
            Connection nats = connection.connect(timeout);
            Tally tally;
            try {
                tally = settings.connection(nats).port(port).bind(bind).election(election).replay(!noReplay)
                        .stream(stream).warmup(true).webConfigFile(webConfig).metricsOnly(metricsOnly)
                        .registry(withProcessMetrics()).version(CliVersion.version()).start();
            } catch (RuntimeException e) {
                nats.close();
                throw e;
            }
            String address = (tally.https() ? "https://" : "http://") + (bind == null ? "0.0.0.0" : bind) + ":" + tally.port();
            terminal.stderr().printf(metricsOnly ? "tally: serving %s/metrics%n" : "tally: serving %s/metrics and the fleet page %s/%n",
                    address, address);
            terminal.stderr().flush();
            try {
                stopped.await();
            } finally {
                shutdown(tally, nats);
            }
        }
        return 0;
    }

    /** The registry with client_java's process and JVM metrics, as every Go exporter shows process_* and go_*. */
    private static PrometheusRegistry withProcessMetrics() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        return registry;
    }

    /** {@code --web.listen-address}: Go's {@code host:port}, the host optional (all interfaces) and IPv6 in brackets. */
    private void listenOn(String address) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--port")
                || spec.commandLine().getParseResult().hasMatchedOption("--bind")) {
            throw new ParameterException(spec.commandLine(), "--web.listen-address replaces --bind and --port: give one or the other");
        }
        Matcher m = LISTEN_ADDRESS.matcher(address);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new ParameterException(spec.commandLine(), "--web.listen-address: '" + address
                    + "' is not [host]:port, e.g. :8080, 127.0.0.1:8080 or [::1]:8080");
        }
        String host = m.group(1);
        bind = host.isEmpty() ? null : host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        port = Integer.parseInt(m.group(2));
    }

    /** Stops a running tally (what SIGTERM and Ctrl-C do); for in-process callers and tests. */
    void stop() {
        stopped.countDown();
    }

    private static void shutdown(Tally tally, Connection connection) {
        tally.close();
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T usage(java.util.function.Supplier<T> check, String flag) {
        try {
            return check.get();
        } catch (LifecycleException e) {
            throw new ParameterException(spec.commandLine(), flag + ": " + e.getMessage());
        }
    }
}
