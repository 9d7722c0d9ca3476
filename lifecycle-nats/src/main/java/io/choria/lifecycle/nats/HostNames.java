package io.choria.lifecycle.nats;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The local host's fully qualified name and its domain, as Choria derives identities and SRV domains. */
final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    /**
     * The host's FQDN as {@code hostname -f} gives it: the host name, qualified by the resolver's
     * canonical name only when that name extends it. A reverse look-up alone is not enough: with
     * {@code 127.0.0.1 localhost} before {@code 127.0.0.1 vm} in /etc/hosts it answers
     * {@code localhost} on a host called {@code vm}.
     */
    static String fqdn() {
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
    static String domainOf(String fqdn) {
        int dot = fqdn.indexOf('.');
        return dot < 0 ? "" : fqdn.substring(dot + 1);
    }

    /** Whether {@code host} is an IPv4 or IPv6 address rather than a name (names never hold a colon). */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }
}
