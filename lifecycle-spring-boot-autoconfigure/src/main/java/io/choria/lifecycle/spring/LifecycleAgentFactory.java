package io.choria.lifecycle.spring;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.nats.ChoriaConfig;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.LifecycleAgent;
import io.choria.lifecycle.nats.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds the application's {@link LifecycleAgent} from {@code choria.lifecycle.*}. Every setting
 * that cannot work fails here, naming its property ({@link LifecyclePropertyException}); the
 * connection is combined as the command line combines {@code --config} with {@code --server},
 * the TLS flags and {@code --creds}.
 */
final class LifecycleAgentFactory {
    private static final String P = LifecycleAgentProperties.PREFIX + ".";
    private static final String C = P + "connection.";
    /** One token of a NATS subject: the tally subscribes to {@code choria.lifecycle.event.*.<component>}. */
    private static final Pattern SUBJECT_TOKEN = Pattern.compile("[^\\s.*>]+");

    private final LifecycleAgentProperties properties;
    private final String applicationName;
    private final Supplier<String> defaultVersion;

    LifecycleAgentFactory(LifecycleAgentProperties properties, String applicationName, Supplier<String> defaultVersion) {
        this.properties = properties;
        this.applicationName = applicationName;
        this.defaultVersion = defaultVersion;
    }

    LifecycleAgent create() {
        AgentConnectionProperties connection = properties.getConnection();
        ChoriaConfig choria = choriaConfig(connection.getConfig());
        LifecycleAgent.Builder b = LifecycleAgent.builder().component(component());
        if (choria != null) {
            b.choriaConfig(choria);
        }
        if (hasText(properties.getIdentity())) {
            b.identity(properties.getIdentity());
        }
        if (properties.getFormat() != null) {
            b.format(properties.getFormat() == LifecycleAgentProperties.EventFormat.CHORIA
                    ? WireFormat.CHORIA : WireFormat.CLOUDEVENT_V1);
        }
        b.version(properties.getVersion() != null ? properties.getVersion() : defaultVersion.get());
        b.interval(atLeast(properties.getAliveInterval(), Duration.ofMillis(1), P + "alive-interval"));
        b.shutdownTimeout(atLeast(properties.getShutdownTimeout(), Duration.ZERO, P + "shutdown-timeout"));
        ConnectionSettings settings = settings(connection, choria);
        if (connection.isFailFast()) {
            return connectNow(b, settings);
        }
        try {
            return b.connectInBackground(settings).build();
        } catch (LifecycleException e) {
            throw new LifecyclePropertyException(C.substring(0, C.length() - 1), e.getMessage(),
                    "Correct the choria.lifecycle.connection settings or the files they name.");
        }
    }

    private String component() {
        String component = hasText(properties.getComponent()) ? properties.getComponent() : applicationName;
        if (!hasText(component)) {
            throw new LifecyclePropertyException(P + "component", "not set, and neither is spring.application.name",
                    "Set " + P + "component to what the application is counted as, e.g. billing.");
        }
        if (!SUBJECT_TOKEN.matcher(component).matches()) {
            throw new LifecyclePropertyException(P + "component", "'" + component + "' cannot be the last token of a"
                    + " NATS subject", "Use a name without spaces, dots, '*' or '>'"
                    + (hasText(properties.getComponent()) ? "." : ", in " + P + "component (it defaults to spring.application.name)."));
        }
        return component;
    }

    private static ChoriaConfig choriaConfig(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return ChoriaConfig.load(file);
        } catch (LifecycleException e) {
            throw new LifecyclePropertyException(C + "config", e.getMessage(), "Name a readable Choria configuration file.");
        }
    }

    private static ConnectionSettings settings(AgentConnectionProperties connection, ChoriaConfig choria) {
        AgentConnectionProperties.Tls tls = connection.getTls();
        boolean tlsFiles = tls.getCert() != null || tls.getKey() != null || tls.getCa() != null;
        if (tlsFiles && (tls.getCert() == null || tls.getKey() == null || tls.getCa() == null)) {
            throw new LifecyclePropertyException(C + "tls", "cert, key and ca are used together, and only some are set",
                    "Set all three of " + C + "tls.cert, .key and .ca, or none.");
        }
        // the configuration's TLS files only when no property names others: its provider is not even consulted then
        boolean tlsOfConfig = tls.isEnabled() && !tlsFiles;
        ConnectionSettings.Builder b;
        try {
            if (!connection.getServers().isEmpty()) {
                b = ConnectionSettings.builder().servers(connection.getServers());
                if (choria != null) {
                    b.natsCredentials(choria).tls(tlsOfConfig ? TlsFiles.fromChoriaConfig(choria) : null);
                }
            } else {
                b = choria == null ? ConnectionSettings.builder()
                        : ConnectionSettings.fromChoriaConfig(choria, tlsOfConfig).toBuilder();
            }
        } catch (LifecycleException e) {
            throw new LifecyclePropertyException(connection.getServers().isEmpty() ? C + "config" : C + "servers",
                    e.getMessage(), "Correct the brokers, or the Choria configuration's security settings.");
        }
        if (tlsFiles) {
            readable(tls.getCert(), C + "tls.cert");
            readable(tls.getKey(), C + "tls.key");
            readable(tls.getCa(), C + "tls.ca");
            b.tls(tls.getCert(), tls.getKey(), tls.getCa());
        }
        if (connection.getCredentials() != null) {
            b.credentials(readable(connection.getCredentials(), C + "credentials"));
        }
        return b.connectTimeout(atLeast(connection.getConnectTimeout(), Duration.ofMillis(1), C + "connect-timeout")).build();
    }

    private static LifecycleAgent connectNow(LifecycleAgent.Builder b, ConnectionSettings settings) {
        try {
            return b.connectNow(settings).build();
        } catch (LifecycleException e) {
            throw new LifecyclePropertyException(C + "fail-fast", "true, and " + e.getMessage(),
                    "Start the broker, correct " + C + "servers (or " + C + "config), or set " + C
                            + "fail-fast=false to start without a broker and connect in the background.");
        }
    }

    private static Path readable(Path file, String property) {
        if (!Files.isReadable(file)) {
            throw new LifecyclePropertyException(property, file + " does not exist or is not readable",
                    "Name a readable file.");
        }
        return file;
    }

    private static Duration atLeast(Duration d, Duration least, String property) {
        if (d == null || d.compareTo(least) < 0) {
            throw new LifecyclePropertyException(property, (d == null ? "empty" : GoDuration.format(d)) + " is less than "
                    + GoDuration.format(least),
                    "Set a longer duration, e.g. 30m or 5s.");
        }
        return d;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
