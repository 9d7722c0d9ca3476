package io.choria.lifecycle.cli;

import io.choria.lifecycle.nats.ChoriaConfig;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.TlsFiles;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

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

    /** Where to look for a Choria configuration; null means the standard places (tests point elsewhere). */
    private List<Path> searchPath;

    /** Looks for the Choria configuration in {@code candidates} instead of the standard places. */
    ConnectionOptions searchIn(List<Path> candidates) {
        this.searchPath = candidates;
        return this;
    }

    /** The Choria configuration in use: {@code --config}, else the first one found unless {@code --server} was given. */
    public Optional<ChoriaConfig> choriaConfig() {
        if (config != null) {
            return Optional.of(ChoriaConfig.load(config));
        }
        if (servers != null && !servers.isEmpty()) {
            return Optional.empty();
        }
        return searchPath == null ? ChoriaConfig.find() : ChoriaConfig.find(searchPath);
    }

    /**
     * The settings the flags describe, with a connect timeout of {@code connectTimeout}.
     *
     * @throws io.choria.lifecycle.LifecycleException when the configuration cannot be read or used
     */
    public ConnectionSettings settings(Duration connectTimeout) {
        Optional<ChoriaConfig> choria = choriaConfig();
        ConnectionSettings.Builder b = choria.map(c -> ConnectionSettings.fromChoriaConfig(c).toBuilder())
                .orElseGet(ConnectionSettings::builder);
        if (servers != null && !servers.isEmpty()) {
            b = ConnectionSettings.builder().servers(servers).tls(choria.map(TlsFiles::fromChoriaConfig).orElse(null));
        }
        if (tlsCert != null || tlsKey != null || tlsCa != null) {
            b.tls(null);
            b.tls(tlsCert, tlsKey, tlsCa);
        }
        return b.credentials(creds).name("choria-lifecycle").connectTimeout(connectTimeout).build();
    }

    /** The settings with a 5 second connect timeout. */
    public ConnectionSettings settings() {
        return settings(Duration.ofSeconds(5));
    }

    /**
     * A connected jnats connection that reconnects without end; the caller closes it.
     *
     * @throws io.choria.lifecycle.LifecycleException with one line when no broker can be used
     */
    public Connection connect() {
        return NatsConnector.connect(settings());
    }
}
