package io.choria.lifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.AliveEvent;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.StartupEvent;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.nats.LifecycleAgent;
import io.choria.lifecycle.nats.ReceivedEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.CommandLineRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A real Spring Boot application announces itself on a real nats-server, as its properties say. */
class AnnouncementTest {
    private static NatsServerProcess broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = NatsServerProcess.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void startupAliveAndShutdownArriveInOrderWithTheConfiguredFields() throws Exception {
        try (EventWatcher watcher = new EventWatcher(broker.url())) {
            try (RunningService service = RunningService.start(Map.of("choria.lifecycle.component", "billing",
                    "choria.lifecycle.identity", "svc1.example.net", "choria.lifecycle.version", "4.2.0",
                    "choria.lifecycle.format", "choria", "choria.lifecycle.alive-interval", "150ms",
                    "choria.lifecycle.connection.servers", broker.url()))) {
                watcher.awaitCount(EventType.ALIVE, 2, Duration.ofSeconds(20));
                assertThat(service.agent().component()).isEqualTo("billing");
            }
            watcher.await(EventType.SHUTDOWN);
            List<EventType> types = watcher.types();
            assertThat(types.get(0)).isEqualTo(EventType.STARTUP);
            assertThat(types.subList(1, types.size() - 1)).containsOnly(EventType.ALIVE);
            assertThat(types.get(types.size() - 1)).isEqualTo(EventType.SHUTDOWN);
            List<ReceivedEvent> received = watcher.received();
            assertThat(received).allSatisfy(r -> {
                assertThat(WireFormat.detect(r.body())).isEqualTo(WireFormat.CHORIA);
                assertThat(r.event().identity()).isEqualTo("svc1.example.net");
                assertThat(r.event().component()).isEqualTo("billing");
                assertThat(r.subject()).isEqualTo("choria.lifecycle.event." + r.event().type().typeName() + ".billing");
            });
            assertThat(((StartupEvent) received.get(0).event()).version()).isEqualTo("4.2.0");
            assertThat(((AliveEvent) received.get(1).event()).version()).isEqualTo("4.2.0");
        }
    }

    @Test
    void byDefaultItIsTheApplicationsNameAndBuildVersionOnThisHostInCloudEventsEveryThirtyMinutes() throws Exception {
        try (EventWatcher watcher = new EventWatcher(broker.url());
                RunningService service = RunningService.start(Map.of("spring.application.name", "inventory",
                        "spring.info.build.location", "classpath:test-build-info.properties",
                        "choria.lifecycle.connection.servers", broker.url()))) {
            watcher.await(EventType.STARTUP);
            ReceivedEvent startup = watcher.received().get(0);
            assertThat(startup.subject()).isEqualTo("choria.lifecycle.event.startup.inventory");
            assertThat(WireFormat.detect(startup.body())).isEqualTo(WireFormat.CLOUDEVENT_V1);
            assertThat(((StartupEvent) startup.event()).version()).isEqualTo("7.1.0-build");
            LifecycleAgent agent = service.agent();
            // the library's rule for an agent without an identity: the host's fully qualified name
            String hostRule = LifecycleAgent.builder().connection(watcher.connection()).component("x").build().identity();
            assertThat(startup.event().identity()).isNotBlank().isEqualTo(agent.identity()).isEqualTo(hostRule);
            assertThat(service.context().getBean(LifecycleAgentProperties.class).getAliveInterval())
                    .isEqualTo(Duration.ofMinutes(30)).isEqualTo(LifecycleAgent.DEFAULT_INTERVAL);
        }
    }

    @Test
    void theChoriaConfigurationGivesBrokersIdentityAndFormatAndPropertiesWinOverIt() throws Exception {
        Path config = Files.writeString(dir.resolve("server.conf"), String.join("\n",
                "identity = web1.example.net",
                "plugin.choria.middleware_hosts = " + broker.url().replace("nats://", ""),
                "plugin.choria.legacy_lifecycle_format = true", ""));
        try (EventWatcher watcher = new EventWatcher(broker.url())) {
            try (RunningService service = RunningService.start(Map.of("choria.lifecycle.component", "web",
                    "choria.lifecycle.connection.config", config.toString(),
                    // the configuration's puppet provider has no certificates here: a plain broker
                    "choria.lifecycle.connection.tls.enabled", "false"))) {
                watcher.await(EventType.STARTUP);
            }
            try (RunningService service = RunningService.start(Map.of("choria.lifecycle.component", "web",
                    "choria.lifecycle.connection.config", config.toString(),
                    "choria.lifecycle.connection.tls.enabled", "false",
                    "choria.lifecycle.identity", "web2.example.net", "choria.lifecycle.format", "cloudevent"))) {
                watcher.awaitCount(EventType.STARTUP, 2, Duration.ofSeconds(20));
            }
            List<ReceivedEvent> startups = watcher.received().stream().filter(r -> r.event().type() == EventType.STARTUP).toList();
            assertThat(startups.get(0).event().identity()).isEqualTo("web1.example.net");
            assertThat(WireFormat.detect(startups.get(0).body())).isEqualTo(WireFormat.CHORIA);
            assertThat(startups.get(1).event().identity()).isEqualTo("web2.example.net");
            assertThat(WireFormat.detect(startups.get(1).body())).isEqualTo(WireFormat.CLOUDEVENT_V1);
        }
    }

    /** Counts what the agent had published when the application's runners ran, just before it is ready. */
    @Configuration(proxyBeanMethods = false)
    static class Runner {
        static final AtomicLong PUBLISHED_BEFORE_READY = new AtomicLong(-1);

        @Bean
        CommandLineRunner countEarlyEvents(LifecycleAgent agent) {
            return args -> PUBLISHED_BEFORE_READY.set(agent.eventsPublished());
        }
    }

    @Test
    void startupWaitsUntilTheApplicationIsReady() throws Exception {
        try (EventWatcher watcher = new EventWatcher(broker.url());
                RunningService service = RunningService.start(Map.of("choria.lifecycle.component", "ready",
                        "choria.lifecycle.connection.servers", broker.url(),
                        // connected before the context is refreshed: only the readiness holds startup back
                        "choria.lifecycle.connection.fail-fast", "true"), Runner.class)) {
            watcher.await(EventType.STARTUP);
            assertThat(Runner.PUBLISHED_BEFORE_READY.get()).isZero();
            assertThat(service.agent().eventsPublished()).isEqualTo(1);
        }
    }
}
