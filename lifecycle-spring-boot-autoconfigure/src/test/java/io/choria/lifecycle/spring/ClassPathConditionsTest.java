package io.choria.lifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.LifecycleAgent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator only with Actuator, the meters only with Micrometer, nothing at all when disabled. */
class ClassPathConditionsTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LifecycleAgentAutoConfiguration.class,
                    LifecycleAgentHealthAutoConfiguration.class, LifecycleAgentMetricsAutoConfiguration.class))
            .withPropertyValues("choria.lifecycle.component=billing",
                    "choria.lifecycle.connection.servers=nats://127.0.0.1:" + NatsServerProcess.freePort());

    @Test
    void withActuatorAndMicrometerThereAreAHealthIndicatorAndMeters() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(LifecycleAgent.class).hasSingleBean(LifecycleAgentMetrics.class)
                    .hasBean("choriaLifecycleHealthIndicator");
        });
    }

    @Test
    void withoutActuatorThereIsNoHealthIndicatorAndTheAgentStillWorks() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(LifecycleAgent.class)
                            .doesNotHaveBean("choriaLifecycleHealthIndicator");
                });
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(LifecycleAgent.class)
                    .doesNotHaveBean(LifecycleAgentMetrics.class);
        });
    }

    @Test
    void theHealthIndicatorCanBeTurnedOffAsActuatorsOwnAre() {
        runner.withPropertyValues("management.health.choria-lifecycle.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(LifecycleAgent.class).doesNotHaveBean("choriaLifecycleHealthIndicator");
        });
    }

    @Test
    void disabledThereIsNoAgentAtAll() {
        runner.withPropertyValues("choria.lifecycle.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(LifecycleAgent.class)
                    .doesNotHaveBean(LifecycleAgentMetrics.class).doesNotHaveBean("choriaLifecycleHealthIndicator");
        });
    }
}
