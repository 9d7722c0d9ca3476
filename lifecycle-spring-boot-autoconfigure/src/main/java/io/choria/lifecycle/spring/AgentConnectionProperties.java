package io.choria.lifecycle.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code choria.lifecycle.connection.*}: the brokers, as the command line's {@code --config},
 * {@code --server}, {@code --tls-cert}/{@code --tls-key}/{@code --tls-ca} and {@code --creds} name them.
 */
public class AgentConnectionProperties {
    /**
     * A Choria configuration file (e.g. /etc/choria/server.conf) to take the brokers, TLS files,
     * NATS credentials, identity and event format from. Not searched for: without it and without
     * servers, nats://127.0.0.1:4222 is used.
     */
    private Path config;

    /** Broker URLs, e.g. nats://broker.example.net:4222; they replace the Choria configuration's brokers. */
    private List<String> servers = new ArrayList<>();

    /** The client certificate, key and CA (PEM), all three or none; they replace the Choria configuration's. */
    private final Tls tls = new Tls();

    /** A NATS credentials file (.creds); replaces the Choria configuration's plugin.nats.credentials. */
    private Path credentials;

    /** How long one attempt to reach a broker may take. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /**
     * Whether the application fails to start when no broker can be reached at first. By default
     * it starts, connects in the background and announces itself once a broker answers.
     */
    private boolean failFast;

    public Path getConfig() {
        return config;
    }

    public void setConfig(Path config) {
        this.config = config;
    }

    public List<String> getServers() {
        return servers;
    }

    public void setServers(List<String> servers) {
        this.servers = servers;
    }

    public Tls getTls() {
        return tls;
    }

    public Path getCredentials() {
        return credentials;
    }

    public void setCredentials(Path credentials) {
        this.credentials = credentials;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public boolean isFailFast() {
        return failFast;
    }

    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    /** {@code choria.lifecycle.connection.tls.*}. */
    public static class Tls {
        /**
         * Whether to use TLS with the Choria configuration's security provider; false connects
         * without TLS, as the reference tally's --tls=false does.
         */
        private boolean enabled = true;

        /** The client certificate (PEM). */
        private Path cert;

        /** The client's private key (PEM: PKCS#8, PKCS#1 RSA or EC). */
        private Path key;

        /** The CA the broker's certificate must chain to (PEM). */
        private Path ca;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getCert() {
            return cert;
        }

        public void setCert(Path cert) {
            this.cert = cert;
        }

        public Path getKey() {
            return key;
        }

        public void setKey(Path key) {
            this.key = key;
        }

        public Path getCa() {
            return ca;
        }

        public void setCa(Path ca) {
            this.ca = ca;
        }
    }
}
