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
     * The files named by the configuration's {@code plugin.security.provider} for the current
     * user, checked to be there. As go-choria, the user's name is the {@code USER} variable
     * (the JVM's {@code user.name} when it is not set, where go-choria fails), root is the process
     * running as {@code root}, {@code ~} is {@code $HOME} ({@link ChoriaConfig#home()}) and
     * {@code MCOLLECTIVE_CERTNAME} overrides the certname; the variables as the configuration sees
     * them.
     *
     * @throws LifecycleException for a provider this tool cannot use, a setting the provider
     *         needs, or a file that is not there: the line says where it looked and why (provider,
     *         user, certname) and what to change
     */
    public static TlsFiles fromChoriaConfig(ChoriaConfig config) {
        return SecurityProvider.locate(config).checked();
    }

    /**
     * As {@link #fromChoriaConfig(ChoriaConfig)} for a given user: {@code user} names the puppet
     * provider's certname ({@code <user>.mcollective}), {@code root} makes it ask Puppet for the
     * SSL directory (the {@code puppet} on the configuration's {@code PATH}),
     * {@code certnameOverride} (the {@code MCOLLECTIVE_CERTNAME} variable) may be null.
     */
    public static TlsFiles fromChoriaConfig(ChoriaConfig config, String user, boolean root, Path home,
                                            String certnameOverride) {
        return SecurityProvider.locate(config, user, root, home, certnameOverride).checked();
    }

    /**
     * Checks that all three files exist and are readable.
     *
     * @throws LifecycleException naming the first one that is not
     */
    public void checkReadable() {
        check("certificate", certificate, "");
        check("key", key, "");
        check("CA", ca, "");
    }

    /** As {@link #checkReadable()}, with {@code why} (": where this path came from; the fix") after the file. */
    void checkReadable(String why) {
        check("certificate", certificate, why);
        check("key", key, why);
        check("CA", ca, why);
    }

    private static void check(String what, Path file, String why) {
        if (!Files.isReadable(file)) {
            throw new LifecycleException(Reason.INVALID_INPUT, "TLS " + what + " " + file
                    + " does not exist or is not readable" + why);
        }
    }
}
