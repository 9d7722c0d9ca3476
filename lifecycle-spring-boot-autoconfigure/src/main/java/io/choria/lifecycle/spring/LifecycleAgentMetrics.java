package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The agent's counts as Micrometer counters, read from the agent when scraped:
 * {@code choria.lifecycle.events.sent} and {@code choria.lifecycle.events.failed}, tagged with
 * the component ({@code choria_lifecycle_events_sent_total} in Prometheus).
 */
public class LifecycleAgentMetrics implements MeterBinder {
    private final LifecycleAgent agent;

    public LifecycleAgentMetrics(LifecycleAgent agent) {
        this.agent = agent;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("choria.lifecycle.events.sent", agent, LifecycleAgent::eventsPublished)
                .description("Lifecycle events handed to the broker connection").tag("component", agent.component())
                .register(registry);
        FunctionCounter.builder("choria.lifecycle.events.failed", agent, LifecycleAgent::publishFailures)
                .description("Lifecycle events that could not be published").tag("component", agent.component())
                .register(registry);
    }
}
