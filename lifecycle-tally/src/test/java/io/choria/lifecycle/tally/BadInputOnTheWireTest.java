package io.choria.lifecycle.tally;

import io.choria.lifecycle.machine.MachineEvents;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile payloads on the live subjects a running tally (component {@code *}) listens on, through
 * a real nats-server whose {@code max_payload} is raised to 8 MB so that messages of several MB
 * reach the tally: binary junk, JSON nested 100,000 levels deep, and multi-megabyte messages. Each
 * is counted in {@code process_errors} (component = the subject's last token for lifecycle
 * subjects, {@code transition} / {@code exec_watcher} for machine ones), none is dropped as lost,
 * {@code /metrics} keeps answering, and a valid event sent afterwards is still counted.
 */
class BadInputOnTheWireTest {
    private static final String LIFECYCLE = "choria.lifecycle.event.alive.server";
    private static final int MAX_PAYLOAD = 8 * 1024 * 1024;
    private static final int SEVERAL_MB = 6 * 1024 * 1024;
    private static final int DEPTH = 100_000;
    private static NatsServerProcess server;
    private static Connection publisher;
    private Connection connection;
    private Tally tally;

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServerProcess.start(false, "max_payload: " + MAX_PAYLOAD);
        publisher = Nats.connect(server.url());
        assertThat(publisher.getServerInfo().getMaxPayload()).isEqualTo(MAX_PAYLOAD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        publisher.close();
        server.close();
    }

    @BeforeEach
    void startTally() throws Exception {
        connection = Nats.connect(server.url());
        tally = Tally.builder().connection(connection).component("*").prefix("choria_tally")
                .bind("127.0.0.1").port(0).replay(false).start();
    }

    @AfterEach
    void stopTally() throws Exception {
        tally.close();
        connection.close();
    }

    @Test
    void binaryPayloadsAreProcessErrors() throws Exception {
        Random random = new Random(8);
        for (int size : new int[] {1, 7, 512, 64 * 1024}) {
            byte[] junk = new byte[size];
            random.nextBytes(junk);
            publishEverywhere(junk);
        }
        publishValidEventAndExpectErrors(4);
    }

    @Test
    void jsonNestedAHundredThousandLevelsDeepIsAProcessError() throws Exception {
        publishEverywhere(("[".repeat(DEPTH) + "]".repeat(DEPTH)).getBytes(UTF_8));
        publishEverywhere(("{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH)).getBytes(UTF_8));
        String deep = "[".repeat(DEPTH) + "]".repeat(DEPTH);
        publish(LIFECYCLE, ("{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"identity\":" + deep + "}").getBytes(UTF_8));
        publish(MachineEvents.TRANSITION_SUBJECT, Events.cloudEvent("io.choria.machine.v1.transition",
                "{\"protocol\":\"io.choria.machine.v1.transition\",\"machine\":" + deep + "}"));
        publish(MachineEvents.EXEC_STATE_SUBJECT, Events.cloudEvent("io.choria.machine.watcher.exec.v1.state",
                "{\"protocol\":\"io.choria.machine.watcher.exec.v1.state\",\"deep\":" + deep + "}"));
        publishValidEventAndExpectErrors(3);
    }

    @Test
    void payloadsOfSeveralMegabytesAreProcessErrors() throws Exception {
        byte[] junk = new byte[SEVERAL_MB];
        new Random(6).nextBytes(junk);
        publishEverywhere(junk);
        String padding = "x".repeat(SEVERAL_MB);
        publish(LIFECYCLE, ("{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"identity\":\"n1\",\"padding\":\""
                + padding + "\",\"timestamp\":\"yesterday\"}").getBytes(UTF_8));
        publish(MachineEvents.TRANSITION_SUBJECT, Events.cloudEvent("io.choria.machine.v1.transition",
                "{\"protocol\":\"io.choria.machine.v1.transition\",\"padding\":\"" + padding + "\",\"machine\":5}"));
        publish(MachineEvents.EXEC_STATE_SUBJECT, Events.cloudEvent("io.choria.machine.watcher.exec.v1.state",
                "{\"protocol\":\"io.choria.machine.watcher.exec.v1.state\",\"command\":\"" + padding + "\",\"type\":1}"));
        publishValidEventAndExpectErrors(2);
    }

    /**
     * Beyond the broker's {@code max_payload} nothing reaches the tally. jnats refuses to send it:
     * it knows the limit from the server's INFO and throws IllegalArgumentException ("Message
     * payload size exceed server configuration"). A client that sends it anyway is refused by the
     * broker itself, which answers {@code -ERR 'Maximum Payload Violation'} on reading the PUB line
     * and closes that client's connection. Either way the tally sees no message: no process error,
     * and it goes on counting.
     */
    @Test
    void aPayloadBeyondTheBrokersMaxPayloadNeverReachesTheTally() throws Exception {
        byte[] tooBig = new byte[MAX_PAYLOAD + 1];
        assertThatThrownBy(() -> publisher.publish(LIFECYCLE, tooBig))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed");
        assertThat(publishPastTheClientLibrary(LIFECYCLE, tooBig.length)).contains("-ERR 'Maximum Payload Violation'");
        assertThat(publishPastTheClientLibrary(MachineEvents.TRANSITION_SUBJECT, tooBig.length)).contains("-ERR 'Maximum Payload Violation'");
        publishValidEventAndExpectErrors(0);
    }

    private static void publishEverywhere(byte[] body) {
        publish(LIFECYCLE, body);
        publish(MachineEvents.TRANSITION_SUBJECT, body);
        publish(MachineEvents.EXEC_STATE_SUBJECT, body);
    }

    private static void publish(String subject, byte[] body) {
        publisher.publish(subject, body);
    }

    /**
     * Sends a valid alive event after the bad ones (one publisher: the broker keeps their order),
     * then expects exactly {@code each} process errors per subject, the event counted, nothing lost.
     */
    private void publishValidEventAndExpectErrors(int each) throws Exception {
        publisher.publish(LIFECYCLE.replace("server", "valid"), Events.json(Events.alive("valid", "n1", "1.0")));
        publisher.flush(Duration.ofSeconds(10));
        Double expected = each == 0 ? null : (double) each;
        Poll.untilPasses(Duration.ofSeconds(30), () -> {
            Exposition e = Exposition.scrape(tally.port());
            assertThat(e.get("choria_tally_good_events{active=\"1\",component=\"valid\"}")).as(e.text()).isEqualTo(1.0);
            for (String component : List.of("server", "transition", "exec_watcher")) {
                assertThat(e.get("choria_tally_process_errors{active=\"1\",component=\"" + component + "\"}"))
                        .as(component + " in\n" + e.text()).isEqualTo(expected);
            }
            return e;
        });
        assertThat(tally.lostMessages()).as("messages dropped instead of processed").isZero();
        assertThat(Exposition.scrape(tally.port()).text()).contains("# TYPE choria_tally_versions gauge");
    }

    /**
     * Speaks the NATS protocol by hand, announcing a payload of {@code size} bytes, and returns all
     * the broker said up to closing the connection (reading to the end proves it closed it).
     */
    private static String publishPastTheClientLibrary(String subject, int size) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPUB " + subject + " " + size + "\r\n")
                    .getBytes(ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), ISO_8859_1);
        }
    }
}
