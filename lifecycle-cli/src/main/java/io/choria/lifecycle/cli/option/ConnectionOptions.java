package io.choria.lifecycle.cli.option;

import io.choria.lifecycle.cli.process.ConfigurationError;
import io.choria.lifecycle.nats.ChoriaConfig;
import io.choria.lifecycle.nats.ConnectRetry;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.TlsFiles;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags every networked command takes to reach the brokers, a picocli mixin:
 * {@code @Mixin ConnectionOptions connection;} then {@link #connect()} or {@link #settings()}.
 * Without {@code --server} or {@code --config} the Choria client configuration is searched for;
 * when there is none, {@code nats://127.0.0.1:4222} is used.
 */
public final class ConnectionOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Choria client configuration (default: searched in ~/.choriarc, ~/.mcollective,"
                    + " /etc/choria/client.conf, ...).")
    private Path config;

    @Option(names = "--server", paramLabel = "URL", split = ",",
            description = "Broker URL(s), comma-separated, e.g. nats://broker:4222 (overrides the configuration).")
    private List<String> servers;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate (PEM).")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Client private key (PEM: PKCS#8, PKCS#1 RSA or EC).")
    private Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "CA certificate the broker's certificate must chain to (PEM).")
    private Path tlsCa;

    @Option(names = "--creds", paramLabel = "FILE", description = "NATS credentials file (.creds).")
    private Path creds;

    /**
     * The reference tally's hidden {@code --tls} (default true), a fisk boolean: {@code --no-tls}
     * connects without TLS even when the Choria configuration names a security provider, which is
     * then not consulted (go-choria's DisableTLS). {@code --tls=false} is an error in the
     * reference ("unexpected argument false"); it is accepted here too, as picocli reads booleans,
     * since an earlier version of this tool documented it. Hidden, as there: it is for a plain broker.
     */
    @Option(names = "--tls", hidden = true, negatable = true, arity = "0..1", defaultValue = "true",
            fallbackValue = "true", paramLabel = "BOOL",
            description = "Use TLS to the brokers (default: ${DEFAULT-VALUE}); --no-tls for a plain broker.")
    private boolean tls = true;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    /** The configuration once read; null before. */
    private Optional<ChoriaConfig> loaded;

    /** Where to look for a Choria configuration; null means the standard places (tests point elsewhere). */
    private List<Path> searchPath;

    /** Looks for the Choria configuration in {@code candidates} instead of the standard places. */
    ConnectionOptions searchIn(List<Path> candidates) {
        this.searchPath = candidates;
        return this;
    }

    /**
     * The Choria configuration in use: {@code --config}, else the first one found unless
     * {@code --server} was given; read once (its warnings logged once), later calls give the same.
     */
    public Optional<ChoriaConfig> choriaConfig() {
        if (loaded == null) {
            if (config != null) {
                loaded = Optional.of(ChoriaConfig.load(config));
            } else if (servers != null && !servers.isEmpty()) {
                loaded = Optional.empty();
            } else {
                loaded = searchPath == null ? ChoriaConfig.find() : ChoriaConfig.find(searchPath);
            }
        }
        return loaded;
    }

    /**
     * The settings the flags describe, with a connect timeout of {@code connectTimeout} per server.
     *
     * @throws ParameterException for flags that make no sense (exit 2): TLS files not given as a
     *         set of three or with {@code --no-tls}, a server URL that is not one
     * @throws ConfigurationError when the configuration cannot be read or used (exit 78)
     */
    public ConnectionSettings settings(Duration connectTimeout) {
        checkFlags();
        return ConfigurationError.of(() -> configured(connectTimeout));
    }

    private ConnectionSettings configured(Duration connectTimeout) {
        Optional<ChoriaConfig> choria = choriaConfig();
        // the configuration's TLS files only when no flag names others: its provider is not even consulted then
        boolean tlsOfConfig = tls && tlsCert == null;
        ConnectionSettings.Builder b;
        if (servers != null && !servers.isEmpty()) {
            ConnectionSettings.Builder flags = ConnectionSettings.builder().servers(servers);
            choria.ifPresent(c -> flags.natsCredentials(c).tls(tlsOfConfig ? TlsFiles.fromChoriaConfig(c) : null));
            b = flags;
        } else {
            b = choria.map(c -> ConnectionSettings.fromChoriaConfig(c, tlsOfConfig).toBuilder())
                    .orElseGet(ConnectionSettings::builder);
        }
        if (tlsCert != null) {
            b.tls(tlsCert, tlsKey, tlsCa);
        }
        if (creds != null) {
            b.credentials(creds);
        }
        return b.name("choria-lifecycle").connectTimeout(connectTimeout).build();
    }

    /**
     * The settings with {@code total} shared out between the servers: jnats tries each server
     * once with the connect timeout, so that the whole first connect, not each server's, ends
     * within {@code total} (three silent brokers took 15.6 s with 5 s each).
     */
    public ConnectionSettings settingsWithin(Duration total) {
        ConnectionSettings all = settings(total);
        return all.toBuilder().connectTimeout(total.dividedBy(all.servers().size())).build();
    }

    /**
     * A connected jnats connection that reconnects without end; the caller closes it. The first
     * connect gives up after {@code timeout} in all.
     *
     * @throws ConfigurationError when the configuration or a file it names cannot be used (exit 78)
     * @throws io.choria.lifecycle.LifecycleException with one line when no broker can be used
     */
    public Connection connect(Duration timeout) {
        ConnectionSettings settings = settingsWithin(timeout);
        ConfigurationError.of(() -> {
            NatsConnector.check(settings);
            return settings;
        });
        return NatsConnector.connect(settings);
    }

    /**
     * For a service that runs until stopped: a first connect that tries again until a broker
     * answers, each attempt given {@code attempt} in all (shared out between the servers).
     *
     * @throws ConfigurationError when the configuration or a file it names cannot be used (exit 78)
     */
    public ConnectRetry retry(Duration attempt) {
        ConnectionSettings settings = settingsWithin(attempt);
        return ConfigurationError.of(() -> ConnectRetry.of(settings));
    }

    private void checkFlags() {
        boolean anyTls = tlsCert != null || tlsKey != null || tlsCa != null;
        if (anyTls && (tlsCert == null || tlsKey == null || tlsCa == null)) {
            throw new ParameterException(command.commandLine(),
                    "--tls-cert, --tls-key and --tls-ca must be given together");
        }
        if (anyTls && !tls) {
            throw new ParameterException(command.commandLine(), "--no-tls and --tls-cert, --tls-key, --tls-ca"
                    + " contradict each other: drop one");
        }
        if (servers != null) {
            try {
                ConnectionSettings.builder().servers(servers);
            } catch (io.choria.lifecycle.LifecycleException e) {
                throw new ParameterException(command.commandLine(), "--server: " + e.getMessage());
            }
        }
    }
}
