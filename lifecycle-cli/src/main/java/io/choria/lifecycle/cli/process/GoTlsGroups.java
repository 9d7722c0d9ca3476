package io.choria.lifecycle.cli.process;

/**
 * The key exchange groups Go's crypto/tls offers, in Go's order ({@code defaultCurvePreferences}:
 * X25519, P-256, P-384, P-521, after the post-quantum X25519MLKEM768 that Java 17 does not have),
 * for every TLS connection of the process: the tally's port and the connections to the brokers.
 * Java 17 would also offer x448 and the finite-field groups (ffdhe2048 ...), which no Go server or
 * client speaks. Java 17 sets them only JVM-wide ({@code jdk.tls.namedGroups}, read once when TLS
 * is first used), so the program sets them before anything else, unless the operator did (e.g.
 * with {@code JAVA_OPTS}); the library never does: a service that embeds a tally keeps its JVM's.
 */
public final class GoTlsGroups {
    public static final String PROPERTY = "jdk.tls.namedGroups";
    public static final String GO_ORDER = "x25519,secp256r1,secp384r1,secp521r1";

    private GoTlsGroups() {
    }

    public static void applyDefault() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, GO_ORDER);
        }
    }
}
