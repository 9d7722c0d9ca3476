package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.nio.file.Path;

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

    private static Located file(ChoriaConfig config) {
        TlsFiles files = new TlsFiles(required(config, ConfigKeys.FILE_CERTIFICATE, "file"),
                required(config, ConfigKeys.FILE_KEY, "file"), required(config, ConfigKeys.FILE_CA, "file"));
        return new Located(files, ": " + config.source() + " names it for the file security provider"
                + " (plugin.security.file.certificate, .key, .ca); correct the path or the file's permissions");
    }

    /** go-choria's puppet security: root is the node itself (its identity), any other user is {@code <user>.mcollective}. */
    private static Located puppet(ChoriaConfig config, String user, boolean root, Path home, String certnameOverride) {
        boolean overridden = certnameOverride != null && !certnameOverride.isBlank();
        String certname = overridden ? certnameOverride : root ? config.identity() : user + ".mcollective";
        String certnameFrom = overridden ? "from MCOLLECTIVE_CERTNAME" : root ? "the node's identity, as root"
                : "as for any user but root";
        String sslDir = config.get(ConfigKeys.SSL_DIR, "");
        String sslFrom = "plugin.choria.ssldir";
        if (sslDir.isEmpty()) {
            sslDir = root ? "/etc/puppetlabs/puppet/ssl" : home.resolve(".puppetlabs/etc/puppet/ssl").toString();
            sslFrom = root ? "Puppet's, as root" : "the user's own, in home " + home;
        }
        Path ssl = Path.of(sslDir);
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

    private static Path required(ChoriaConfig config, String key, String provider) {
        return Path.of(config.get(key).filter(v -> !v.isEmpty()).orElseThrow(() -> new LifecycleException(
                Reason.INVALID_INPUT, config.source() + ": " + key + " must be set for the " + provider
                + " security provider")));
    }
}
