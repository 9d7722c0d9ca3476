package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to reach the brokers: server URLs and optional TLS files, NATS credentials file, user and
 * password, or token. Made with {@link #builder()} or from a Choria configuration.
 */
public final class ConnectionSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSettings.class);
    /** The server used when nothing else is configured. */
    public static final String LOCAL_SERVER = "nats://127.0.0.1:4222";

    private final List<String> servers;
    private final TlsFiles tls;
    private final Path credentials;
    private final String user;
    private final String password;
    private final String token;
    private final String name;
    private final Duration connectTimeout;

    private ConnectionSettings(Builder b) {
        this.servers = List.copyOf(b.servers.isEmpty() ? List.of(LOCAL_SERVER) : b.servers);
        this.tls = b.tls;
        this.credentials = b.credentials;
        this.user = b.user;
        this.password = b.password;
        this.token = b.token;
        this.name = b.name;
        this.connectTimeout = b.connectTimeout;
    }

    /** Starts empty settings: {@code nats://127.0.0.1:4222}, no TLS, no authentication. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The brokers, TLS files and NATS credentials of a Choria client configuration: middleware
     * hosts (or SRV, or {@code puppet:4222}), the security provider's certificate, key and CA,
     * and {@code plugin.nats.user}/{@code pass}/{@code credentials} (see {@link Builder#natsCredentials}).
     *
     * @throws LifecycleException when the configuration names brokers, a provider or files that cannot be used
     */
    public static ConnectionSettings fromChoriaConfig(ChoriaConfig config) {
        return fromChoriaConfig(config, true);
    }

    /**
     * As {@link #fromChoriaConfig(ChoriaConfig)}; with {@code tls} false the connection is plain and
     * the security provider is not consulted at all, as the reference tally's {@code --no-tls}
     * (go-choria's {@code DisableTLS}) does for a broker without TLS.
     */
    public static ConnectionSettings fromChoriaConfig(ChoriaConfig config, boolean tls) {
        Builder b = builder();
        try {
            b.servers(MiddlewareServers.resolve(config));
        } catch (LifecycleException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, config.source() + ": " + e.getMessage());
        }
        return b.tls(tls ? TlsFiles.fromChoriaConfig(config) : null).natsCredentials(config).build();
    }

    public List<String> servers() {
        return servers;
    }

    /** The servers, comma-separated, for messages: user names, passwords and tokens in URLs shown as {@code ***}. */
    public String describeServers() {
        return String.join(",", servers.stream().map(ServerUrls::withoutUserInfo).toList());
    }

    /** The TLS files, or null for a plain connection. */
    public TlsFiles tls() {
        return tls;
    }

    /** The NATS credentials (.creds) file, or null. */
    public Path credentials() {
        return credentials;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String token() {
        return token;
    }

    /** The connection name the broker shows, or null. */
    public String name() {
        return name;
    }

    /** How long one connection attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** A copy of these settings to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder().servers(servers).credentials(credentials).token(token).name(name)
                .connectTimeout(connectTimeout);
        b.tls = tls;
        b.user = user;
        b.password = password;
        return b;
    }

    @Override
    public String toString() {
        return describeServers() + (tls == null ? "" : " (TLS " + tls.certificate() + ")");
    }

    /** Builds {@link ConnectionSettings}. */
    public static final class Builder {
        private final List<String> servers = new ArrayList<>();
        private TlsFiles tls;
        private Path credentials;
        private String user;
        private String password;
        private String token;
        private String name = "choria-lifecycle";
        private Duration connectTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Adds server URLs; each may also be a comma-separated list; bare {@code host:port} means nats://.
         *
         * @throws LifecycleException naming a URL that cannot be used (passwords in it hidden)
         */
        public Builder servers(List<String> urls) {
            for (String u : urls) {
                for (String url : ServerUrls.parseList(u)) {
                    servers.add(ServerUrls.check(url));
                }
            }
            return this;
        }

        public Builder server(String url) {
            return servers(List.of(url));
        }

        public Builder tls(TlsFiles files) {
            this.tls = files;
            return this;
        }

        /** TLS from PEM paths; all three must be given, or none (all null). */
        public Builder tls(Path certificate, Path key, Path ca) {
            if (certificate == null && key == null && ca == null) {
                return this;
            }
            if (certificate == null || key == null || ca == null) {
                throw new LifecycleException(Reason.INVALID_INPUT, "TLS needs a certificate, a key and a CA together");
            }
            return tls(new TlsFiles(certificate, key, ca));
        }

        public Builder credentials(Path credsFile) {
            this.credentials = credsFile;
            return this;
        }

        /**
         * The NATS authentication of a Choria configuration ({@link ChoriaConfig#natsUser()},
         * {@code natsPassword()}, {@code natsCredentials()}, each overridden by its
         * {@code MCOLLECTIVE_NATS_*} variable): the user and password when both are set, as
         * go-choria uses them (a user without a password is logged and ignored, as there), and the
         * credentials file when set. What the configuration does not set is left as it was.
         */
        public Builder natsCredentials(ChoriaConfig config) {
            Optional<String> natsUser = config.natsUser();
            Optional<String> natsPassword = config.natsPassword();
            if (natsUser.isPresent() && natsPassword.isPresent()) {
                userInfo(natsUser.get(), natsPassword.get());
            } else if (natsUser.isPresent() || natsPassword.isPresent()) {
                LOG.warn("{}: plugin.nats.user and plugin.nats.pass are used only together, and only one is set:"
                        + " connecting without them", config.source());
            }
            config.natsCredentials().ifPresent(this::credentials);
            return this;
        }

        public Builder userInfo(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder name(String connectionName) {
            this.name = connectionName;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public ConnectionSettings build() {
            return new ConnectionSettings(this);
        }
    }
}
