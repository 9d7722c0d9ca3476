package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The PEM files of a TLS client: its certificate, its private key and the CA that is the only
 * trust anchor. Made from explicit paths or from a Choria configuration's security provider.
 */
public record TlsFiles(Path certificate, Path key, Path ca) {
    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ca, "ca");
    }

    /**
     * The files named by the configuration's {@code plugin.security.provider} for the current user.
     *
     * @throws LifecycleException for a provider other than {@code file} and {@code puppet}, or a missing key
     */
    public static TlsFiles fromChoriaConfig(ChoriaConfig config) {
        String user = System.getProperty("user.name");
        return fromChoriaConfig(config, user, "root".equals(user), ChoriaConfig.home(),
                System.getenv("MCOLLECTIVE_CERTNAME"));
    }

    /**
     * As {@link #fromChoriaConfig(ChoriaConfig)} for a given user: {@code root} picks Puppet's system
     * SSL directory and the configuration's identity as certname, {@code certnameOverride} (the {@code MCOLLECTIVE_CERTNAME} variable) may be null.
     */
    public static TlsFiles fromChoriaConfig(ChoriaConfig config, String user, boolean root, Path home,
                                            String certnameOverride) {
        String provider = config.securityProvider();
        switch (provider) {
            case "file" -> {
                return new TlsFiles(required(config, ConfigKeys.FILE_CERTIFICATE),
                        required(config, ConfigKeys.FILE_KEY), required(config, ConfigKeys.FILE_CA));
            }
            case "puppet" -> {
                String defaultSsl = root ? "/etc/puppetlabs/puppet/ssl"
                        : home.resolve(".puppetlabs/etc/puppet/ssl").toString();
                Path ssl = Path.of(config.get(ConfigKeys.SSL_DIR, defaultSsl));
                // as go-choria's puppet security: root is the node itself (its identity), others <user>.mcollective
                String certname = certnameOverride != null && !certnameOverride.isBlank() ? certnameOverride
                        : root ? config.identity() : user + ".mcollective";
                return new TlsFiles(ssl.resolve("certs").resolve(certname + ".pem"),
                        ssl.resolve("private_keys").resolve(certname + ".pem"), ssl.resolve("certs/ca.pem"));
            }
            default -> throw new LifecycleException(Reason.INVALID_INPUT, config.source() + ": security provider '" + provider
                    + "' is not supported, use 'file' or 'puppet' (plugin.security.provider)");
        }
    }

    /**
     * Checks that all three files exist and are readable.
     *
     * @throws LifecycleException naming the first one that is not
     */
    public void checkReadable() {
        check("certificate", certificate);
        check("key", key);
        check("CA", ca);
    }

    private static void check(String what, Path file) {
        if (!Files.isReadable(file)) {
            throw new LifecycleException(Reason.INVALID_INPUT, "TLS " + what + " " + file + " does not exist or is not readable");
        }
    }

    private static Path required(ChoriaConfig config, String key) {
        return Path.of(config.get(key).filter(v -> !v.isEmpty()).orElseThrow(() -> new LifecycleException(Reason.INVALID_INPUT, 
                config.source() + ": " + key + " must be set for the file security provider")));
    }
}
