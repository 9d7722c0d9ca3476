package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The application's {@link LifecycleAgent}, from {@code choria.lifecycle.*}, unless the
 * application has its own; and what starts every agent when the application is ready and closes
 * it when the context closes. {@code choria.lifecycle.enabled=false} turns both off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = LifecycleAgentProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LifecycleAgentProperties.class)
public class LifecycleAgentAutoConfiguration {
    /** The agent; its connection is opened now, in the background unless {@code connection.fail-fast}. */
    @Bean
    @ConditionalOnMissingBean
    public LifecycleAgent lifecycleAgent(LifecycleAgentProperties properties, Environment environment,
            ObjectProvider<BuildProperties> build, ConfigurableListableBeanFactory beans) {
        return new LifecycleAgentFactory(properties, environment.getProperty("spring.application.name"),
                () -> ApplicationVersion.of(build.getIfAvailable(), ApplicationVersion.applicationClass(beans))).create();
    }

    /** Starts and closes the agents, the application's own as well as ours. */
    @Bean
    static AgentLifecycle choriaLifecycleAgents(ObjectProvider<LifecycleAgent> agents) {
        return new AgentLifecycle(agents);
    }
}
