package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/** The agent's meters ({@link LifecycleAgentMetrics}), when Micrometer is on the class path; Boot binds them to its registries. */
@AutoConfiguration(after = LifecycleAgentAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnSingleCandidate(LifecycleAgent.class)
public class LifecycleAgentMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public LifecycleAgentMetrics choriaLifecycleAgentMetrics(LifecycleAgent agent) {
        return new LifecycleAgentMetrics(agent);
    }
}
