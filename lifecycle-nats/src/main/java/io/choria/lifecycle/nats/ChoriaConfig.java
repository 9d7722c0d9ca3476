package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Choria client configuration file ({@code key = value} lines): where it is, and the keys that
 * matter for reaching the brokers (see {@code spec/choria-connection.md}).
 */
public final class ChoriaConfig {
    private final Path source;
    private final Map<String, String> values;

    private ChoriaConfig(Path source, Map<String, String> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Reads {@code file}.
     *
     * @throws LifecycleException when it cannot be read
     */
    public static ChoriaConfig load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LifecycleException("cannot read Choria configuration " + file + ": " + describe(e));
        }
        return parse(file, lines);
    }

    /** Parses configuration lines that came from {@code source}. */
    static ChoriaConfig parse(Path source, List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.trim();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq < 0) {
                continue;
            }
            values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return new ChoriaConfig(source, values);
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

    /** The first configuration found in the standard places for the current user, if any. */
    public static Optional<ChoriaConfig> find() {
        return find(searchPath(Path.of(System.getProperty("user.home"))));
    }

    /** The first readable file of {@code candidates}, loaded. */
    public static Optional<ChoriaConfig> find(List<Path> candidates) {
        return candidates.stream().filter(Files::isReadable).findFirst().map(ChoriaConfig::load);
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
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
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
            default -> throw new LifecycleException(source + ": " + key + " must be true or false, not '" + v + "'");
        };
    }

    /** Every key and value read, in file order. */
    public Map<String, String> values() {
        return values;
    }

    /** This client's identity: {@code identity}, or the host's FQDN. */
    public String identity() {
        return get("identity", HostNames.fqdn());
    }

    /** The configured {@code plugin.choria.middleware_hosts} as URLs; bare {@code host:port} gets {@code nats://}. */
    public List<String> middlewareHosts() {
        return ServerUrls.parseList(get("plugin.choria.middleware_hosts", ""));
    }

    /** Whether SRV records are looked up when no middleware hosts are set (default true). */
    public boolean useSrv() {
        return getBoolean("plugin.choria.use_srv", true);
    }

    /** The domain for SRV look-ups: {@code plugin.choria.srv_domain}, or the domain of the host's FQDN. */
    public String srvDomain() {
        return get("plugin.choria.srv_domain", HostNames.domainOf(HostNames.fqdn()));
    }

    /** {@code plugin.security.provider}, default {@code puppet}. */
    public String securityProvider() {
        return get("plugin.security.provider", "puppet");
    }

    /** Whether components publish the Choria (legacy) format instead of CloudEvents. */
    public boolean legacyLifecycleFormat() {
        return getBoolean("plugin.choria.legacy_lifecycle_format", false);
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }

    @Override
    public String toString() {
        return "Choria configuration " + source;
    }
}
