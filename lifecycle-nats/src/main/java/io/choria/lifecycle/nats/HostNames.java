package io.choria.lifecycle.nats;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The local host's fully qualified name and its domain, as Choria derives identities and SRV domains. */
final class HostNames {
    private HostNames() {
    }

    /** The host's FQDN, or its short name, or {@code localhost} when the resolver knows nothing. */
    static String fqdn() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    /** Everything after the first dot of {@code fqdn}, or "" when it has none. */
    static String domainOf(String fqdn) {
        int dot = fqdn.indexOf('.');
        return dot < 0 ? "" : fqdn.substring(dot + 1);
    }
}
