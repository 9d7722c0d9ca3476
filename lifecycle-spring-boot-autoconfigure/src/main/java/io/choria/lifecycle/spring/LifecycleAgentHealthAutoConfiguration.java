package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator {@code choriaLifecycle} (off with
 * {@code management.health.choria-lifecycle.enabled=false}), when Actuator is on the class path:
 * Boot 3.5's or Boot 4.0's, whichever the application runs on.
 */
@AutoConfiguration(after = LifecycleAgentAutoConfiguration.class)
@ConditionalOnSingleCandidate(LifecycleAgent.class)
public class LifecycleAgentHealthAutoConfiguration {
    static final String NAME = "choria-lifecycle";

    // Two levels each: the inner class's condition is Actuator's own annotation, which Spring
    // reads only once the outer class's condition found Actuator.

    /** Spring Boot 3.5. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator")
    static class Boot3 {
        @Configuration(proxyBeanMethods = false)
        @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator(NAME)
        static class Enabled {
            @Bean
            @ConditionalOnMissingBean(name = "choriaLifecycleHealthIndicator")
            LifecycleAgentHealthIndicator choriaLifecycleHealthIndicator(LifecycleAgent agent) {
                return new LifecycleAgentHealthIndicator(agent);
            }
        }
    }

    /** Spring Boot 4.0, whose health API has a module and package of its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
    static class Boot4 {
        @Configuration(proxyBeanMethods = false)
        @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator(NAME)
        static class Enabled {
            @Bean
            @ConditionalOnMissingBean(name = "choriaLifecycleHealthIndicator")
            LifecycleAgentBoot4HealthIndicator choriaLifecycleHealthIndicator(LifecycleAgent agent) {
                return new LifecycleAgentBoot4HealthIndicator(agent);
            }
        }
    }
}
