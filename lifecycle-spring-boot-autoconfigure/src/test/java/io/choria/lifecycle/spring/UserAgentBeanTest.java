package io.choria.lifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.LifecycleAgent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application that makes its own agent keeps it: the starter backs off, and still starts and closes it. */
class UserAgentBeanTest {
    @Configuration(proxyBeanMethods = false)
    static class OwnAgent {
        static String url;

        @Bean
        LifecycleAgent myAgent() {
            return LifecycleAgent.builder().connectNow(ConnectionSettings.builder().server(url).build())
                    .component("custom").identity("own.example.net").version("9").build();
        }
    }

    @Test
    void theApplicationsOwnAgentWinsAndIsAnnouncedAndClosedWithTheApplication() throws Exception {
        try (NatsServerProcess broker = NatsServerProcess.start(); EventWatcher watcher = new EventWatcher(broker.url())) {
            OwnAgent.url = broker.url();
            try (RunningService service = RunningService.start(Map.of("choria.lifecycle.component", "ours",
                    "choria.lifecycle.connection.servers", broker.url()), OwnAgent.class)) {
                assertThat(service.context().getBeansOfType(LifecycleAgent.class)).containsOnlyKeys("myAgent");
                watcher.await(EventType.STARTUP);
                assertThat(service.context().getBeanNamesForType(LifecycleAgentMetrics.class)).hasSize(1);
            }
            watcher.await(EventType.SHUTDOWN);
            assertThat(watcher.received()).allSatisfy(r -> {
                assertThat(r.event().component()).isEqualTo("custom");
                assertThat(r.event().identity()).isEqualTo("own.example.net");
            });
            assertThat(watcher.types()).containsExactly(EventType.STARTUP, EventType.SHUTDOWN);
        }
    }
}
