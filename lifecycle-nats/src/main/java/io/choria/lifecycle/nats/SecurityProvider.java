package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a Choria security provider keeps a client's certificate, key and CA, as go-choria's
 * providers ({@code providers/security/...}) find them, and why it looked there: a file that is
 * missing is reported with the provider, user, certname and directory that led to it, since
 * "no such file" under {@code /nonexistent/.puppetlabs} alone does not tell an operator what to
 * change. This tool only reads certificates; it never requests or enrols one.
 */
final class SecurityProvider {
    /** What every "use something else" line offers. */
    private static final String USE_FILE = "give this tool a certificate of its own: plugin.security.provider = file"
            + " with plugin.security.file.certificate, .key and .ca, or --tls-cert, --tls-key and --tls-ca";

    private SecurityProvider() {
    }

    /** Three paths and the clause that explains them, appended to the error when one is missing. */
    record Located(TlsFiles files, String why) {
        TlsFiles checked() {
            files.checkReadable(why);
            return files;
        }
    }

    /**
     * For the user this process runs as: the name from {@code USER} as go-choria takes it (the
     * JVM's {@code user.name} when unset, where go-choria fails), root when the process runs as
     * {@code root}, home and {@code MCOLLECTIVE_CERTNAME} from the configuration's environment.
     */
    static Located locate(ChoriaConfig config) {
        String login = System.getProperty("user.name");
        String user = config.variable("USER");
        return locate(config, user == null || user.isBlank() ? login : user, "root".equals(login),
                ChoriaConfig.home(config.variable("HOME")), config.variable("MCOLLECTIVE_CERTNAME"));
    }

    static Located locate(ChoriaConfig config, String user, boolean root, Path home, String certnameOverride) {
        String provider = config.securityProvider();
        return switch (provider) {
            case "file" -> file(config);
            case "puppet" -> puppet(config, user, root, home, certnameOverride);
            case "certmanager" -> certmanager(config);
            case "pkcs11" -> throw refused(config, provider, "its key stays in a PKCS#11 token, which this tool cannot use");
            case "choria" -> throw refused(config, provider,
                    "it signs with ed25519 seeds and JWTs from an organisation issuer, which this tool cannot use");
            default -> throw new LifecycleException(Reason.INVALID_INPUT, config.source() + ": security provider '"
                    + provider + "' is not supported, use 'file', 'puppet' or 'certmanager' (plugin.security.provider)");
        };
    }

    /** Where Puppet keeps root's certificates when nothing says otherwise (an AIO install's {@code ssldir}). */
    static final Path PUPPET_SSL = Path.of("/etc/puppetlabs/puppet/ssl");

    private static Located file(ChoriaConfig config) {
        TlsFiles files = new TlsFiles(required(config, ConfigKeys.FILE_CERTIFICATE, "file"),
                required(config, ConfigKeys.FILE_KEY, "file"), required(config, ConfigKeys.FILE_CA, "file"));
        return new Located(files, ": " + config.source() + " names it for the file security provider"
                + " (plugin.security.file.certificate, .key, .ca); correct the path or the file's permissions");
    }

    /**
     * go-choria's puppet security for a client ({@code providers/security/puppetsec/option.go}):
     * the certname is {@code <user>.mcollective} for every user, root included, unless
     * {@code MCOLLECTIVE_CERTNAME} names another; the SSL directory is {@code plugin.choria.ssldir},
     * else for root what Puppet says ({@link PuppetCommand}, Puppet's default
     * {@code /etc/puppetlabs/puppet/ssl} when there is no puppet), else the user's own under home.
     */
    private static Located puppet(ChoriaConfig config, String user, boolean root, Path home, String certnameOverride) {
        boolean overridden = certnameOverride != null && !certnameOverride.isBlank();
        String certname = overridden ? certnameOverride : user + ".mcollective";
        String certnameFrom = overridden ? "from MCOLLECTIVE_CERTNAME" : "the user and .mcollective, root included";
        Path ssl;
        String sslFrom;
        Optional<Path> configured = config.path(ConfigKeys.SSL_DIR);
        if (configured.isPresent()) {
            ssl = configured.get();
            sslFrom = "plugin.choria.ssldir";
        } else if (root) {
            Optional<Path> puppet = PuppetCommand.find(config::variable);
            ssl = puppet.map(p -> Path.of(PuppetCommand.sslDir(p))).orElse(PUPPET_SSL);
            sslFrom = puppet.map(p -> "what '" + p + " config print ssldir' printed, as root")
                    .orElse("Puppet's default, as root, with no puppet command on the PATH or in " + PuppetCommand.AIO.getParent());
        } else {
            ssl = home.resolve(".puppetlabs/etc/puppet/ssl");
            sslFrom = "the user's own, in home " + home;
        }
        TlsFiles files = new TlsFiles(ssl.resolve("certs").resolve(certname + ".pem"),
                ssl.resolve("private_keys").resolve(certname + ".pem"), ssl.resolve("certs/ca.pem"));
        return new Located(files, ": " + config.source() + " uses the puppet security provider, which for the user "
                + user + " looks for the certname " + certname + " (" + certnameFrom + ") in " + ssl + " (" + sslFrom
                + "); set plugin.choria.ssldir and MCOLLECTIVE_CERTNAME to where this user's certificate is, or "
                + USE_FILE);
    }

    /** go-choria's certmanager security: {@code cert.pem}, {@code key.pem} and {@code ca.pem} in the SSL directory. */
    private static Located certmanager(ChoriaConfig config) {
        Path ssl = required(config, ConfigKeys.SSL_DIR, "certmanager");
        TlsFiles files = new TlsFiles(ssl.resolve("cert.pem"), ssl.resolve("key.pem"), ssl.resolve("ca.pem"));
        return new Located(files, ": " + config.source() + " uses the certmanager security provider, which keeps"
                + " cert.pem, key.pem and ca.pem in plugin.choria.ssldir " + ssl + "; this tool requests no"
                + " certificates from cert-manager, so let a Choria client enrol there first, or " + USE_FILE);
    }

    private static LifecycleException refused(ChoriaConfig config, String provider, String why) {
        return new LifecycleException(Reason.INVALID_INPUT, config.source() + ": security provider '" + provider
                + "' is not supported: " + why + "; " + USE_FILE);
    }

    /** A path-typed key the provider needs, {@code ~} expanded. */
    private static Path required(ChoriaConfig config, String key, String provider) {
        return config.path(key).orElseThrow(() -> new LifecycleException(Reason.INVALID_INPUT, config.source() + ": "
                + key + " must be set for the " + provider + " security provider"));
    }
}
