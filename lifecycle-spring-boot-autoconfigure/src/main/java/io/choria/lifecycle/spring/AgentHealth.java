package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import io.nats.client.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health indicator says of an agent, the same on Boot 3.5 and 4.0 (whose health APIs
 * differ only in their packages): UP while its connection is connected; DOWN while it connects,
 * reconnects or is closed, with the last connect error when there is one.
 */
record AgentHealth(boolean up, Map<String, Object> details) {
    static AgentHealth of(LifecycleAgent agent) {
        Connection.Status status = agent.connectionStatus();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("component", agent.component());
        details.put("identity", agent.identity());
        details.put("version", agent.version());
        details.put("connection", status.name());
        agent.connectionError().ifPresent(e -> details.put("error", e));
        details.put("eventsPublished", agent.eventsPublished());
        details.put("publishFailures", agent.publishFailures());
        return new AgentHealth(status == Connection.Status.CONNECTED, details);
    }
}
