package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** The agent's connection as an Actuator health indicator, for Spring Boot 3.5 ({@link AgentHealth}). */
public class LifecycleAgentHealthIndicator extends AbstractHealthIndicator {
    private final LifecycleAgent agent;

    public LifecycleAgentHealthIndicator(LifecycleAgent agent) {
        super("Choria lifecycle health check failed");
        this.agent = agent;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        AgentHealth health = AgentHealth.of(agent);
        (health.up() ? builder.up() : builder.down()).withDetails(health.details());
    }
}
