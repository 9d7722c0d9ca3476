package io.choria.lifecycle.nats.testing;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.NatsConnector;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real cluster of {@code nats-server}s over loopback routes, for tests: each server has its own
 * client port, route port, name and JetStream store, and routes to every server (itself included,
 * which nats-server ignores), so any of them can be killed and restarted and rejoins the others.
 * A stream or bucket made with {@code replicas(n)} up to the cluster's size is replicated across
 * them, and survives the loss of any minority of the servers.
 *
 * <p>The servers are {@link NatsServerProcess}es: {@link NatsServerProcess#kill()} and
 * {@link NatsServerProcess#restart()} keep a server's ports and store.
 */
public final class NatsCluster implements AutoCloseable {
    /** The cluster's name in every server's {@code cluster} block. */
    public static final String NAME = "lifecycle-test";

    private final List<NatsServerProcess> servers;

    private NatsCluster(List<NatsServerProcess> servers) {
        this.servers = List.copyOf(servers);
    }

    /**
     * Starts {@code size} servers with JetStream; each is ready for clients when this returns, but
     * the cluster may still be electing its JetStream meta leader (a first request can time out).
     */
    public static NatsCluster startWithJetStream(int size) {
        int[] ports = NatsServerProcess.freePorts(2 * size);
        StringBuilder routes = new StringBuilder();
        for (int i = 0; i < size; i++) {
            routes.append("    \"nats-route://127.0.0.1:").append(ports[size + i]).append("\"\n");
        }
        List<NatsServerProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                String cluster = "cluster {\n  name: \"" + NAME + "\"\n  listen: \"127.0.0.1:" + ports[size + i]
                        + "\"\n  routes: [\n" + routes + "  ]\n}";
                started.add(NatsServerProcess.builder().port(ports[i]).jetStream(true).extraConfig(cluster).start());
            }
        } catch (RuntimeException e) {
            started.forEach(NatsServerProcess::close);
            throw e;
        }
        return new NatsCluster(started);
    }

    public List<NatsServerProcess> servers() {
        return servers;
    }

    /** Every server's client URL, in order. */
    public List<String> urls() {
        return servers.stream().map(NatsServerProcess::url).toList();
    }

    /**
     * The server {@code connection} is connected to now.
     *
     * @throws IllegalStateException when it is connected to none of them (e.g. reconnecting)
     */
    public NatsServerProcess serving(Connection connection) {
        String url = connection.getConnectedUrl();
        if (url != null) {
            int port = URI.create(url).getPort();
            for (NatsServerProcess s : servers) {
                if (s.port() == port) {
                    return s;
                }
            }
        }
        throw new IllegalStateException("connection is not connected to a server of the cluster: " + url);
    }

    /** The server named {@code name} (see {@link NatsServerProcess#name()}). */
    public NatsServerProcess named(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server " + name + " in " + this));
    }

    /** Settings naming every server of the cluster, as a client configured with the whole cluster has. */
    public ConnectionSettings settings() {
        return ConnectionSettings.builder().servers(urls()).build();
    }

    /**
     * Connects with {@link #settings()} until the client's random pick among the servers is
     * {@code server}, so a test knows which server to kill to move the client.
     */
    public Connection connectThrough(NatsServerProcess server) {
        for (int attempt = 0; attempt < 100; attempt++) { // (2/3)^100: never misses in practice
            Connection c = NatsConnector.connect(settings());
            if (c.getConnectedUrl() != null && URI.create(c.getConnectedUrl()).getPort() == server.port()) {
                return c;
            }
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting", e);
            }
        }
        throw new IllegalStateException("the client never picked " + server);
    }

    /**
     * The server leading the JetStream stream {@code stream} (a key-value bucket's is
     * {@code KV_<bucket>}), once it has a leader and every replica is online and current.
     */
    public NatsServerProcess awaitStreamReplicated(Connection connection, String stream, Duration timeout) {
        String[] leader = new String[1];
        String[] last = {"no answer yet"};
        Poll.until(timeout, () -> {
            try {
                ClusterInfo info = connection.jetStreamManagement().getStreamInfo(stream).getClusterInfo();
                last[0] = describe(info);
                if (info == null || info.getLeader() == null || info.getReplicas() == null
                        || info.getReplicas().size() != servers.size() - 1) {
                    return false;
                }
                leader[0] = info.getLeader();
                return info.getReplicas().stream().allMatch(r -> r.isCurrent() && !r.isOffline());
            } catch (IOException | JetStreamApiException | IllegalStateException e) {
                last[0] = e.toString();
                return false;
            }
        }, () -> "stream " + stream + " led and replicated on every server; last: " + last[0]);
        return named(leader[0]);
    }

    private static String describe(ClusterInfo info) {
        if (info == null) {
            return "no cluster information";
        }
        List<String> replicas = info.getReplicas() == null ? List.of()
                : info.getReplicas().stream().map(NatsCluster::describe).toList();
        return "leader " + info.getLeader() + ", replicas " + replicas;
    }

    private static String describe(Replica r) {
        return r.getName() + (r.isCurrent() ? " current" : " behind") + (r.isOffline() ? " offline" : "");
    }

    /** The servers' logs, for assertion messages. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (NatsServerProcess s : servers) {
            b.append("---- ").append(s).append('\n').append(s.log());
        }
        return b.toString();
    }

    /** Stops every server and deletes their directories. */
    @Override
    public void close() {
        servers.forEach(NatsServerProcess::close);
    }

    @Override
    public String toString() {
        return "nats cluster " + urls();
    }
}
