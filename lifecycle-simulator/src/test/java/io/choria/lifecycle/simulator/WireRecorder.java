package io.choria.lifecycle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.GovernorEvent;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.NewVersionEvent;
import io.choria.lifecycle.VersionedEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything a simulator puts on the wire, received on its own connection to a real broker: the
 * fleet a tally would count from it (the spec's rules, written here again, independent of the
 * simulator's truth and of the tally module), each node's story, and what the bytes looked like.
 */
public final class WireRecorder implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    /** (component, identity) → version, by the spec: startup and alive record, shutdown forgets. */
    private final Map<List<String>, String> nodes = new HashMap<>();
    private final Map<String, List<String>> stories = new HashMap<>();
    final Set<String> protocols = ConcurrentHashMap.newKeySet();
    final Set<WireFormat> formats = ConcurrentHashMap.newKeySet();
    final Set<String> storyLines = ConcurrentHashMap.newKeySet();
    public final AtomicLong lifecycle = new AtomicLong();
    final AtomicLong transitions = new AtomicLong();
    final AtomicLong execStates = new AtomicLong();
    final AtomicLong undecodable = new AtomicLong();

    public WireRecorder(String url) throws IOException, InterruptedException {
        connection = Nats.connect(url);
        Dispatcher d = connection.createDispatcher();
        d.subscribe("choria.lifecycle.event.>", this::lifecycle);
        d.subscribe("choria.machine.transition", m -> machine(m, transitions));
        d.subscribe("choria.machine.watcher.exec.state", m -> machine(m, execStates));
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    private synchronized void lifecycle(Message m) {
        LifecycleEvent e;
        try {
            e = Lifecycle.fromJson(m.getData());
        } catch (RuntimeException ex) {
            undecodable.incrementAndGet();
            return;
        }
        lifecycle.incrementAndGet();
        formats.add(WireFormat.detect(m.getData()));
        protocols.add(rawProtocol(m.getData()));
        List<String> key = List.of(e.component(), e.identity());
        switch (e.type()) {
            case STARTUP, ALIVE -> nodes.put(key, ((VersionedEvent) e).version());
            case SHUTDOWN -> nodes.remove(key);
            default -> {
            }
        }
        String line = e.typeName() + " " + e.component()
                + (e instanceof VersionedEvent v ? " " + v.version() : "")
                + (e instanceof NewVersionEvent n ? "->" + n.newVersion() : "")
                + (e instanceof GovernorEvent g ? " " + g.governor() + " " + g.stageName() + " " + g.sequence() : "");
        storyLines.add(e.typeName() + (e instanceof GovernorEvent g ? " " + g.stageName() : "") + " " + e.component());
        story(e.identity()).add(line + " " + e.id() + " " + rawProtocol(m.getData()) + " " + e.format());
        if (!m.getSubject().equals(e.target())) {
            undecodable.incrementAndGet(); // published to the wrong subject
        }
    }

    /** A machine event: its data without the times, which are the only thing allowed to differ between runs. */
    private synchronized void machine(Message m, AtomicLong counter) {
        try {
            JsonNode event = JSON.readTree(m.getData());
            ObjectNode data = (ObjectNode) event.get("data");
            data.remove("timestamp");
            counter.incrementAndGet();
            story(data.get("identity").asText()).add(event.get("id").asText() + " " + data);
        } catch (IOException | RuntimeException e) {
            undecodable.incrementAndGet();
        }
    }

    private List<String> story(String identity) {
        return stories.computeIfAbsent(identity, i -> new ArrayList<>());
    }

    private static String rawProtocol(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.has("data") ? n.get("type").asText() : n.get("protocol").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** component → version → nodes, as a tally with an unlimited window counts them. */
    public synchronized Map<String, Map<String, Long>> fleet() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        nodes.forEach((key, version) -> out.computeIfAbsent(key.get(0), c -> new TreeMap<>()).merge(version, 1L, Long::sum));
        return out;
    }

    /** Each identity's events in the order received. */
    synchronized Map<String, List<String>> stories() {
        Map<String, List<String>> copy = new TreeMap<>();
        stories.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
