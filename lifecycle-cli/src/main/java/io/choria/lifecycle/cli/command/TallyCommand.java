package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.ConnectionOptions;
import io.choria.lifecycle.cli.option.DurationConverter;
import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.option.ListenAddress;
import io.choria.lifecycle.cli.process.CliVersion;
import io.choria.lifecycle.cli.process.DebugSwitch;
import io.choria.lifecycle.cli.process.IgnoredLogSettings;
import io.choria.lifecycle.cli.process.StopSignals;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.cli.process.ConfigurationError;
import io.choria.lifecycle.nats.ConnectRetry;
import io.choria.lifecycle.tally.Tally;
import io.choria.lifecycle.tally.web.WebConfigFile;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tally}: the fleet tally, a drop-in for the reference's {@code tally} tool. Runs until
 * stopped, and waits for a broker as long as it takes, as the reference does; on SIGTERM or
 * Ctrl-C (also while it waits) a leader announces "lost", everything is closed and it exits 0.
 * A configuration that cannot be used ends it at once with {@value ConfigurationError#EXIT_CODE}.
 */
@Command(name = "tally", sortOptions = false, versionProvider = CliVersion.class,
        description = "Count live nodes per component and version and serve them as Prometheus metrics,"
                + " a fleet page and a nodes API.")
public final class TallyCommand implements Callable<Integer>, DebugSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(TallyCommand.class);

    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public TallyCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    /** As the reference (fisk's own flag); the event commands' {@code --version} is an event's version. */
    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    /** {@code *} as choria-io/tally's main.go since fab8df5 (2021) and its packaged unit; {@code server} before that. */
    @Option(names = "--component", defaultValue = "*",
            description = "Component to tally, e.g. server; '*' for all (default: ${DEFAULT-VALUE}, as the reference tally);"
                    + " empty (--component=) for no lifecycle events, only machine transitions and exec watchers.")
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

    @Option(names = "--prefix", defaultValue = "choria_tally", description = "Metric name prefix (default: ${DEFAULT-VALUE};"
            + " empty for lifecycle_tally, as the reference).")
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
            description = "How long one attempt to reach the brokers may take, all servers together"
                    + " (default: ${DEFAULT-VALUE}); the tally tries again until one answers, and once connected"
                    + " reconnects without end.")
    Duration timeout;

    @Mixin
    ConnectionOptions connection;

    /**
     * Where the reference tally takes it, a fisk boolean ({@code --no-debug} too); the same as the
     * root's {@code --debug} (read early by StderrLogging).
     */
    @Option(names = "--debug", negatable = true, description = "Log debug messages (and stack traces) to stderr.")
    boolean debug;

    @Override
    public boolean debug() {
        return debug;
    }

    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The first connect while it waits, so that a stop can end the wait. */
    private volatile ConnectRetry broker;

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
        if (prefix.isEmpty()) {
            LOG.info("--prefix is empty: the metrics are named {}_*, the library's default, as the reference tally"
                    + " names them then", Tally.DEFAULT_PREFIX);
        }
        if (maxNodes != null) {
            usage(() -> settings.maxNodes(maxNodes), "--max-nodes");
        }
        usage(() -> settings.maxVersions(maxVersions), "--max-versions");
        if (webConfig != null) {
            // a file that cannot be used stops the start before connecting
            ConfigurationError.of(() -> WebConfigFile.load(webConfig));
        }
        broker = connection.retry(timeout);
        IgnoredLogSettings.warnAbout(connection.choriaConfig());
        if (stopped.getCount() == 0) {
            broker.close();
        }
        // signals first: one that comes while it waits for a broker ends the wait; one while it starts
        // stops the tally as soon as it has started
        try (StopSignals signals = StopSignals.install(this::stop)) {
            Tally tally;
            try {
                tally = settings.connector(broker).port(port).bind(bind).election(election).replay(!noReplay)
                        .stream(stream).warmup(true).webConfigFile(webConfig).metricsOnly(metricsOnly)
                        .registry(withProcessMetrics()).version(CliVersion.version()).start();
            } catch (LifecycleException e) {
                if (e.reason() == Reason.INTERRUPTED && stopped.getCount() == 0) {
                    return 0; // stopped while waiting for a broker
                }
                throw e;
            }
            String address = (tally.https() ? "https://" : "http://") + (bind == null ? "0.0.0.0" : bind) + ":" + tally.port();
            terminal.stderr().printf(metricsOnly ? "tally: serving %s/metrics%n" : "tally: serving %s/metrics and the fleet page %s/%n",
                    address, address);
            terminal.stderr().flush();
            try {
                stopped.await();
            } finally {
                tally.close(); // and the connection it made
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

    /** {@code --web.listen-address}, instead of {@code --bind} and {@code --port}. */
    private void listenOn(String address) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--port")
                || spec.commandLine().getParseResult().hasMatchedOption("--bind")) {
            throw new ParameterException(spec.commandLine(), "--web.listen-address replaces --bind and --port: give one or the other");
        }
        ListenAddress listen = ListenAddress.parse(address).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--web.listen-address: '" + address + "' is not [host]:port, e.g. :8080, 127.0.0.1:8080 or [::1]:8080"));
        bind = listen.bind();
        port = listen.port();
    }

    /** Stops a running or waiting tally (what SIGTERM and Ctrl-C do); for in-process callers and tests. */
    void stop() {
        stopped.countDown();
        ConnectRetry waiting = broker;
        if (waiting != null) {
            waiting.close();
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
