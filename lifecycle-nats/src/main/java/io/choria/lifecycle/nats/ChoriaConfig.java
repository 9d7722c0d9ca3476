package io.choria.lifecycle.nats;

import io.choria.lifecycle.nats.internal.HostNames;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Choria client configuration file ({@code key = value} lines): where it is, and the keys that
 * matter for reaching the brokers (see docs/nats.md). Lines that are not {@code key = value} and
 * keys that look like misspellings of ones we read are logged as warnings and kept in
 * {@link #warnings()}: Choria itself ignores both silently.
 */
public final class ChoriaConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ChoriaConfig.class);
    private final Path source;
    private final Map<String, String> values;
    private final List<String> warnings;
    /** Where the environment variables that override some keys are read: the process's, or a test's. */
    private final UnaryOperator<String> environment;

    private ChoriaConfig(Path source, Map<String, String> values, List<String> warnings, UnaryOperator<String> environment) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
        this.warnings = List.copyOf(warnings);
        this.environment = environment;
    }

    /** This configuration with {@code variables} as its environment instead of the process's. */
    ChoriaConfig withEnvironment(Map<String, String> variables) {
        return new ChoriaConfig(source, values, warnings, variables::get);
    }

    /**
     * Reads {@code file} and, as go-choria does, {@code plugin.d/choria.cfg} beside it (see
     * {@link ConfigFiles}); bytes that are not UTF-8 are read as U+FFFD, as Go would keep going.
     *
     * @throws LifecycleException when it cannot be read, saying why (no such file, permission denied, ...)
     */
    public static ChoriaConfig load(Path file) {
        return load(file, System::getenv);
    }

    /** As {@link #load(Path)} with {@code environment} instead of the process's ({@code HOME} decides on {@code plugin.d}). */
    static ChoriaConfig load(Path file, UnaryOperator<String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String home = environment.apply("HOME");
        ConfigFiles.read(file, home == null || home.isBlank() ? null : Path.of(home), values, warnings);
        ChoriaConfig config = new ChoriaConfig(file, values, warnings, environment);
        config.warnings.forEach(LOG::warn);
        return config;
    }

    /** Parses configuration lines that came from {@code source} (no {@code plugin.d}). */
    static ChoriaConfig parse(Path source, List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        ConfigFiles.parse(source, lines, "", values, warnings);
        return new ChoriaConfig(source, values, warnings, System::getenv);
    }

    /** What looked wrong in the file (lines that are not settings, likely misspelt keys), one line each. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The home directory that {@code ~} means, as for the {@code choria} CLI: {@code $HOME} when
     * set, else the JVM's {@code user.home} (which comes from the passwd file, not the environment).
     */
    public static Path home() {
        return home(System.getenv("HOME"));
    }

    static Path home(String homeVariable) {
        return Path.of(homeVariable != null && !homeVariable.isBlank() ? homeVariable : System.getProperty("user.home"));
    }

    /** The standard places a client configuration lives, in search order, for {@code home}. */
    public static List<Path> searchPath(Path home) {
        List<Path> paths = new ArrayList<>();
        paths.add(home.resolve(".choriarc"));
        paths.add(home.resolve(".mcollective"));
        paths.add(Path.of("/etc/choria/client.conf"));
        paths.add(Path.of("/usr/local/etc/choria/client.conf"));
        paths.add(Path.of("/etc/puppetlabs/mcollective/client.cfg"));
        return paths;
    }

    /** The first configuration found in the standard places for the current user ({@link #home()}), if any. */
    public static Optional<ChoriaConfig> find() {
        return find(searchPath(home()));
    }

    /**
     * The first existing file of {@code candidates}, loaded: one that exists but cannot be read is
     * an error, not skipped in favour of the next, as the {@code choria} CLI does.
     */
    public static Optional<ChoriaConfig> find(List<Path> candidates) {
        return candidates.stream().filter(Files::exists).findFirst().map(ChoriaConfig::load);
    }

    /** The file this configuration came from. */
    public Path source() {
        return source;
    }

    /** The value of {@code key}, trimmed, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code key}, or {@code fallback} when unset or blank. */
    public String get(String key, String fallback) {
        return get(key, () -> fallback);
    }

    /** The value of {@code key}, or what {@code fallback} gives (only then asked) when unset or blank. */
    public String get(String key, Supplier<String> fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback.get() : v;
    }

    /** A boolean key, read the way Choria reads them ({@code true/yes/1/on} and their opposites). */
    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "on", "t" -> true;
            case "false", "no", "n", "0", "off", "f" -> false;
            default -> throw new LifecycleException(Reason.INVALID_INPUT, source + ": " + key + " must be true or false, not '" + v + "'");
        };
    }

    /** Every key and value read, in file order. */
    public Map<String, String> values() {
        return values;
    }

    /** This client's identity: {@code identity}, or the host's FQDN. */
    public String identity() {
        return get(ConfigKeys.IDENTITY, HostNames::fqdn);
    }

    /** The configured {@code plugin.choria.middleware_hosts} as URLs; bare {@code host:port} gets {@code nats://}. */
    public List<String> middlewareHosts() {
        return ServerUrls.parseList(get(ConfigKeys.MIDDLEWARE_HOSTS, ""));
    }

    /** Whether SRV records are looked up when no middleware hosts are set (default true). */
    public boolean useSrv() {
        return getBoolean(ConfigKeys.USE_SRV, true);
    }

    /** The domain for SRV look-ups: {@code plugin.choria.srv_domain}, or the domain of the host's FQDN. */
    public String srvDomain() {
        return get(ConfigKeys.SRV_DOMAIN, () -> HostNames.domainOf(HostNames.fqdn()));
    }

    /** {@code plugin.security.provider}, default {@code puppet}. */
    public String securityProvider() {
        return get(ConfigKeys.SECURITY_PROVIDER, "puppet");
    }

    /**
     * The user name for the brokers: {@code MCOLLECTIVE_NATS_USERNAME} when set, else
     * {@code plugin.nats.user}. go-choria lets the variable override the key only when the file
     * sets the key; here it also supplies an absent one, so that a service's password can live in
     * its environment (a systemd credential or environment file) rather than in this file.
     */
    public Optional<String> natsUser() {
        return overridable(ConfigKeys.NATS_USER);
    }

    /** The password for the brokers: {@code MCOLLECTIVE_NATS_PASSWORD} when set, else {@code plugin.nats.pass}. */
    public Optional<String> natsPassword() {
        return overridable(ConfigKeys.NATS_PASS);
    }

    /**
     * The NATS credentials (.creds) file: {@code MCOLLECTIVE_NATS_CREDENTIALS} when set, else
     * {@code plugin.nats.credentials}; {@code $VARIABLES} and a leading {@code ~} expanded, as
     * nats.go does when it opens the file ({@link PathExpansion}).
     */
    public Optional<Path> natsCredentials() {
        return overridable(ConfigKeys.NATS_CREDENTIALS)
                .map(v -> PathExpansion.credentials(v, environment, home(environment.apply("HOME"))));
    }

    /**
     * A path-typed setting ({@code plugin.choria.ssldir}, {@code plugin.security.file.*}, ...)
     * with a leading {@code ~} made the home directory, as go-choria's {@code path_string} keys
     * are ({@link PathExpansion}); empty when unset or blank.
     */
    public Optional<Path> path(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(PathExpansion.home(v, home(environment.apply("HOME"))));
    }

    /** {@code logfile}, which go-choria logs to ({@code stdout} by default): this library never does, see docs/operations.md. */
    public Optional<String> logFile() {
        return get(ConfigKeys.LOG_FILE).filter(v -> !v.isEmpty());
    }

    /** {@code loglevel}, go-choria's log level ({@code info} by default): this library leaves levels to SLF4J's binding. */
    public Optional<String> logLevel() {
        return get(ConfigKeys.LOG_LEVEL).filter(v -> !v.isEmpty());
    }

    /** An environment variable as this configuration sees it (the process's, or a test's); null when unset. */
    String variable(String name) {
        return environment.apply(name);
    }

    /** A key's environment variable when set, else the key; empty when neither holds a value. */
    private Optional<String> overridable(String key) {
        String variable = environment.apply(ConfigKeys.ENVIRONMENT.get(key));
        String value = variable != null ? variable.trim() : values.get(key);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Whether components publish the Choria (legacy) format instead of CloudEvents. */
    public boolean legacyLifecycleFormat() {
        return getBoolean(ConfigKeys.LEGACY_LIFECYCLE_FORMAT, false);
    }

    @Override
    public String toString() {
        return "Choria configuration " + source;
    }
}
