package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The agent's connection as an Actuator health indicator, for Spring Boot 4.0 ({@link AgentHealth}). */
public class LifecycleAgentBoot4HealthIndicator extends AbstractHealthIndicator {
    private final LifecycleAgent agent;

    public LifecycleAgentBoot4HealthIndicator(LifecycleAgent agent) {
        super("Choria lifecycle health check failed");
        this.agent = agent;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        AgentHealth health = AgentHealth.of(agent);
        (health.up() ? builder.up() : builder.down()).withDetails(health.details());
    }
}
