package io.choria.lifecycle.nats.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The local host's fully qualified name and its domain: the one rule by which identities (a
 * Choria configuration's, the service agent's), SRV domains and election candidates are named.
 * Resolved once per process: a look-up can take seconds where DNS is broken, and the answer does
 * not change while the process runs.
 */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    /** Resolves the name on first use only. */
    private static final class Resolved {
        static final String FQDN = resolveFqdn();
    }

    /** {@link #resolveFqdn()}, resolved once. */
    public static String fqdn() {
        return Resolved.FQDN;
    }

    /**
     * The host's FQDN as {@code hostname -f} gives it: the host name, qualified by the resolver's
     * canonical name only when that name extends it. A reverse look-up alone is not enough: with
     * {@code 127.0.0.1 localhost} before {@code 127.0.0.1 vm} in /etc/hosts it answers
     * {@code localhost} on a host called {@code vm}.
     */
    static String resolveFqdn() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
        return qualified(name, canonical(name));
    }

    /** {@code hostName} itself when it has a dot, else {@code canonical} when that is {@code hostName.<domain>}. */
    static String qualified(String hostName, String canonical) {
        if (hostName.contains(".") || canonical == null) {
            return hostName;
        }
        return canonical.startsWith(hostName + ".") ? canonical : hostName;
    }

    private static String canonical(String hostName) {
        try {
            return InetAddress.getByName(hostName).getCanonicalHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Everything after the first dot of {@code fqdn}, or "" when it has none. */
    public static String domainOf(String fqdn) {
        int dot = fqdn.indexOf('.');
        return dot < 0 ? "" : fqdn.substring(dot + 1);
    }

    /** Whether {@code host} is an IPv4 or IPv6 address rather than a name (names never hold a colon). */
    public static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }
}
