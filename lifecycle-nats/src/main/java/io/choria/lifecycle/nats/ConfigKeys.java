package io.choria.lifecycle.nats;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Choria configuration keys this project reads, and the likely one behind a misspelt key:
 * Choria ignores keys it does not know, so {@code plugin.choria.middleware_host} silently meant
 * "no brokers configured" and a fall-back to {@code puppet:4222}.
 */
final class ConfigKeys {
    static final String IDENTITY = "identity";
    static final String MIDDLEWARE_HOSTS = "plugin.choria.middleware_hosts";
    static final String USE_SRV = "plugin.choria.use_srv";
    static final String SRV_DOMAIN = "plugin.choria.srv_domain";
    static final String SSL_DIR = "plugin.choria.ssldir";
    static final String LEGACY_LIFECYCLE_FORMAT = "plugin.choria.legacy_lifecycle_format";
    static final String SECURITY_PROVIDER = "plugin.security.provider";
    static final String FILE_CERTIFICATE = "plugin.security.file.certificate";
    static final String FILE_KEY = "plugin.security.file.key";
    static final String FILE_CA = "plugin.security.file.ca";
    static final String NATS_USER = "plugin.nats.user";
    static final String NATS_PASS = "plugin.nats.pass";
    static final String NATS_CREDENTIALS = "plugin.nats.credentials";
    /** go-choria's log file and level: not used here (see {@link ChoriaConfig#logFile()}), read to say so. */
    static final String LOG_FILE = "logfile";
    static final String LOG_LEVEL = "loglevel";

    /** The environment variables that override a key, as go-choria's {@code config/choria.go} names them. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            NATS_USER, "MCOLLECTIVE_NATS_USERNAME",
            NATS_PASS, "MCOLLECTIVE_NATS_PASSWORD",
            NATS_CREDENTIALS, "MCOLLECTIVE_NATS_CREDENTIALS");

    static final List<String> KNOWN = List.of(IDENTITY, MIDDLEWARE_HOSTS, USE_SRV, SRV_DOMAIN, SSL_DIR,
            LEGACY_LIFECYCLE_FORMAT, SECURITY_PROVIDER, FILE_CERTIFICATE, FILE_KEY, FILE_CA, NATS_USER, NATS_PASS,
            NATS_CREDENTIALS, LOG_FILE, LOG_LEVEL);

    /** Edits (insertions, deletions, substitutions) within which an unknown key is taken for a known one. */
    private static final int CLOSE = 2;

    private ConfigKeys() {
    }

    /**
     * The known key {@code key} was probably meant to be: only for {@code plugin.choria.*},
     * {@code plugin.security.*} and {@code plugin.nats.*} keys we do not read that are within two
     * edits of one we do
     * (a real Choria file holds many other keys, which are fine).
     */
    static Optional<String> likelyMeant(String key) {
        if (KNOWN.contains(key) || !(key.startsWith("plugin.choria.") || key.startsWith("plugin.security.")
                || key.startsWith("plugin.nats."))) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = CLOSE + 1;
        for (String known : KNOWN) {
            int d = distance(key, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance, case-sensitive as Choria's keys are. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
