package io.choria.lifecycle.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.StartupEvent;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.EventFilter;
import io.choria.lifecycle.nats.EventSubscription;
import io.choria.lifecycle.nats.NatsConnector;
import io.choria.lifecycle.nats.ReceivedEvent;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example's runnable jar as an operator runs it, in a JVM of its own: it joins the fleet as
 * {@code spring-example} with the version of its build, reports its connection on
 * {@code /actuator/health}, and announces its shutdown on SIGTERM.
 */
class InventoryServiceIT {
    private static final Path JAR = Path.of(System.getProperty("example.jar"));
    private static final String VERSION = System.getProperty("example.version");

    @TempDir
    Path dir;

    @Test
    void theJarJoinsTheFleetReportsItsHealthAndAnnouncesItsShutdownOnSigterm() throws Exception {
        int httpPort = NatsServerProcess.freePort();
        try (NatsServerProcess broker = NatsServerProcess.start();
                Connection watcher = NatsConnector.connect(ConnectionSettings.builder().server(broker.url()).build())) {
            List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
            try (EventSubscription s = EventSubscription.subscribe(watcher, EventFilter.ALL, received::add)) {
                Path log = dir.resolve("service.log");
                Process service = start(log, "--choria.lifecycle.connection.servers=" + broker.url(), "--server.port=" + httpPort);
                try {
                    Poll.until(Duration.ofSeconds(60), () -> !received.isEmpty(), () -> read(log));
                    ReceivedEvent startup = received.get(0);
                    assertThat(startup.subject()).isEqualTo("choria.lifecycle.event.startup.spring-example");
                    assertThat(WireFormat.detect(startup.body())).isEqualTo(WireFormat.CLOUDEVENT_V1);
                    assertThat(((StartupEvent) startup.event()).version()).as("from build-info").isEqualTo(VERSION);
                    HttpResponse<String> health = get("http://127.0.0.1:" + httpPort + "/actuator/health");
                    assertThat(health.statusCode()).isEqualTo(200);
                    assertThat(health.body()).containsPattern("\"choriaLifecycle\":\\{\"details\":\\{\"component\":\"spring-example\""
                            + "[^}]*\"connection\":\"CONNECTED\"[^}]*},\"status\":\"UP\"}");
                    assertThat(get("http://127.0.0.1:" + httpPort + "/actuator/metrics/choria.lifecycle.events.sent").body())
                            .contains("\"value\":1.0");

                    service.destroy(); // SIGTERM, as systemd or Kubernetes stop it
                    assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    Poll.until(() -> received.stream().anyMatch(r -> r.event().type() == EventType.SHUTDOWN), () -> read(log));
                    assertThat(received).extracting(r -> r.event().type()).containsExactly(EventType.STARTUP, EventType.SHUTDOWN);
                    assertThat(read(log)).doesNotContain("\tat ").doesNotContain("WARN").doesNotContain("ERROR");
                } finally {
                    service.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aBadSettingEndsTheJvmWithOneReportNamingIt() throws Exception {
        Path log = dir.resolve("bad.log");
        Process service = start(log, "--choria.lifecycle.alive-interval=0s");
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(service.exitValue()).isEqualTo(1);
        String printed = read(log);
        assertThat(printed).contains("APPLICATION FAILED TO START")
                .contains("Invalid Choria lifecycle setting choria.lifecycle.alive-interval: 0s is less than 1ms")
                .doesNotContain("\tat ");
    }

    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--spring.main.banner-mode=off"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
