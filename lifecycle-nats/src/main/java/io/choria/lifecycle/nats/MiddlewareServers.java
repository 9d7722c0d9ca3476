package io.choria.lifecycle.nats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a Choria client's brokers are: the configured middleware hosts, else DNS SRV records,
 * else {@code puppet:4222} as the reference falls back to.
 */
final class MiddlewareServers {
    /** The reference's last resort. */
    static final String FALLBACK = "nats://puppet:4222";
    private static final List<String> SRV_SERVICES = List.of("_mcollective-server._tcp.", "_x-puppet-mcollective._tcp.");
    private static final Logger LOG = LoggerFactory.getLogger(MiddlewareServers.class);

    private MiddlewareServers() {
    }

    /** The broker URLs for {@code config}, never empty. */
    static List<String> resolve(ChoriaConfig config) {
        List<String> hosts = config.middlewareHosts();
        if (!hosts.isEmpty()) {
            return hosts;
        }
        if (config.useSrv() && !config.srvDomain().isEmpty()) {
            for (String service : SRV_SERVICES) {
                List<String> found = lookupSrv(service + config.srvDomain());
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return List.of(FALLBACK);
    }

    /** The targets of the SRV records of {@code name} as {@code nats://host:port}, by priority; empty when none. */
    static List<String> lookupSrv(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        List<String[]> records = new ArrayList<>();
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                Attribute srv = ctx.getAttributes(name, new String[] {"SRV"}).get("SRV");
                if (srv != null) {
                    NamingEnumeration<?> all = srv.getAll();
                    while (all.hasMore()) {
                        records.add(all.next().toString().trim().split("\\s+"));
                    }
                }
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            LOG.debug("no SRV records for {}: {}", name, e.getMessage());
            return List.of();
        }
        return toUrls(records);
    }

    /** SRV record fields (priority weight port target) as URLs, lowest priority first. */
    static List<String> toUrls(List<String[]> records) {
        return records.stream()
                .filter(r -> r.length == 4)
                .sorted(Comparator.comparingInt(r -> Integer.parseInt(r[0])))
                .map(r -> "nats://" + stripDot(r[3]) + ":" + r[2])
                .toList();
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
