package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.testing.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile client sends on a raw socket, against the real port behind basic auth and a
 * configured header: every answer comes through the gate (auth first, the header always), paths
 * are routed as sent, and no answer is an HTML page or names a Java class.
 */
class HostileRequestsTest {
    @TempDir
    static Path dir;
    private static String yaml;
    private static final String GOOD = "Authorization: Basic " + Base64.getEncoder()
            .encodeToString("prometheus:s3cret".getBytes(StandardCharsets.UTF_8));
    private PortUnderTest port;

    @BeforeAll
    static void config() {
        yaml = "basic_auth_users:\n  prometheus: " + Htpasswd.hash("s3cret", 4) + "\n"
                + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n";
    }

    @AfterEach
    void stop() {
        if (port != null) {
            port.close();
        }
    }

    private static void throughTheGate(String response, String status) {
        assertThat(RawHttp.statusLine(response)).isEqualTo("HTTP/1.1 " + status);
        assertThat(response).as("the configured header").contains("\r\nX-Frame-Options: deny\r\n")
                .doesNotContainIgnoringCase("<html").doesNotContain("Exception", "java.", "jetty", "Jetty");
    }

    @Test
    void doubleSlashPathsAreAnswered404ByTheGate() throws Exception {
        port = PortUnderTest.start(dir, yaml);
        for (String path : List.of("//x/api/nodes", "//evil.example/api/fleet", "//metrics", "//")) {
            throughTheGate(RawHttp.send(port.port(), "GET " + path + " HTTP/1.1"), "401 Unauthorized");
            String allowed = RawHttp.send(port.port(), "GET " + path + " HTTP/1.1", GOOD);
            throughTheGate(allowed, "404 Not Found");
            assertThat(allowed).as(path).doesNotContain("\"nodes\"", "t_good_events");
        }
    }

    @Test
    void starOptionsStarAndConnectAreAnsweredThroughTheGate() throws Exception {
        port = PortUnderTest.start(dir, yaml);
        throughTheGate(RawHttp.send(port.port(), "GET * HTTP/1.1"), "401 Unauthorized");
        throughTheGate(RawHttp.send(port.port(), "GET * HTTP/1.1", GOOD), "400 Bad Request");
        throughTheGate(RawHttp.send(port.port(), "OPTIONS * HTTP/1.1"), "401 Unauthorized");
        String options = RawHttp.send(port.port(), "OPTIONS * HTTP/1.1", GOOD);
        throughTheGate(options, "200 OK");
        assertThat(options).contains("\r\nAllow: GET, HEAD\r\n");
        for (String host : List.of("Host: x:443", "Host: 127.0.0.1")) {
            throughTheGate(RawHttp.send(port.port(), "CONNECT x:443 HTTP/1.1", host), "401 Unauthorized");
            String connect = RawHttp.send(port.port(), "CONNECT x:443 HTTP/1.1", host, GOOD);
            assertThat(connect).doesNotContain("200 OK", "t_good_events");
        }
        throughTheGate(RawHttp.send(port.port(), "CONNECT x:443 HTTP/1.1", "Host: x:443", GOOD), "404 Not Found");
    }

    @Test
    void whatCannotBeParsedIsOnePlainLineWithTheHeaders() throws Exception {
        port = PortUnderTest.start(dir, yaml);
        String garbage = RawHttp.exchange(port.port(), "GARBAGE\r\n\r\n");
        throughTheGate(garbage, "400 Bad Request");
        assertThat(garbage).endsWith("\r\n\r\n400 Bad Request\n");
        throughTheGate(RawHttp.send(port.port(), "GET /metrics%2f HTTP/1.1", GOOD), "400 Bad Request");
        throughTheGate(RawHttp.exchange(port.port(), "GET /x HTTP/9.9\r\n\r\n"), "505 HTTP Version Not Supported");
    }

    @Test
    void basicFollowedByTwoSpacesIsRefusedAsGoRefusesIt() throws Exception {
        port = PortUnderTest.start(dir, yaml);
        String credentials = Base64.getEncoder().encodeToString("prometheus:s3cret".getBytes(StandardCharsets.UTF_8));
        throughTheGate(RawHttp.send(port.port(), "GET /metrics HTTP/1.1", "Authorization: Basic  " + credentials),
                "401 Unauthorized");
        throughTheGate(RawHttp.send(port.port(), "GET /metrics HTTP/1.1", "Authorization: Basic " + credentials),
                "200 OK");
    }

    @Test
    void overTheRateLimitIs429WithItsReasonPhraseAndCounted() throws Exception {
        port = PortUnderTest.start(dir, yaml + "rate_limit:\n  interval: 1h\n  burst: 1\n");
        throughTheGate(RawHttp.send(port.port(), "GET /api/fleet HTTP/1.1", GOOD), "200 OK");
        throughTheGate(RawHttp.send(port.port(), "GET /api/fleet HTTP/1.1", GOOD), "429 Too Many Requests");
        assertThat(port.refused(PortRefusals.RATE_LIMIT)).isEqualTo(1);
        throughTheGate(RawHttp.send(port.port(), "GET /metrics HTTP/1.1", GOOD), "200 OK");
        throughTheGate(RawHttp.send(port.port(), "GET /metrics HTTP/1.1", GOOD), "429 Too Many Requests");
    }

    @Test
    void nothingAClientSendsWritesALogLine() throws Exception {
        port = PortUnderTest.start(dir, yaml + "rate_limit:\n  interval: 1h\n  burst: 5\n");
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 50; i++) {
                RawHttp.send(port.port(), "HEAD /metrics HTTP/1.1"); // 401, then 429 once the burst is used
                RawHttp.send(port.port(), "HEAD /nothing-here HTTP/1.1", GOOD); // 404, then 429
                RawHttp.send(port.port(), "HEAD //x HTTP/1.1");
                RawHttp.exchange(port.port(), "GARBAGE\r\n\r\n");
                RawHttp.exchange(port.port(), "GET /metr");
            }
        } finally {
            System.setErr(realErr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(port.refused(PortRefusals.RATE_LIMIT)).isGreaterThan(0);
    }

    @Test
    void connectionsOverTheLimitPerClientAreClosedAtOnceAndCounted() throws Exception {
        port = PortUnderTest.start(dir, null, b -> b.connectionLimits(2, 100));
        try (Socket a = new Socket("127.0.0.1", port.port()); Socket b = new Socket("127.0.0.1", port.port())) {
            assertThat(scrapeKeepingTheConnection(a)).as("the first is served").contains("t_good_events 1");
            assertThat(scrapeKeepingTheConnection(b)).as("the second is served").contains("t_good_events 1");
            try (Socket c = new Socket("127.0.0.1", port.port())) {
                c.setSoTimeout(5000);
                assertThat(c.getInputStream().read()).as("the third is closed unread").isEqualTo(-1);
            }
            Poll.until(Duration.ofSeconds(5), () -> port.refused(PortRefusals.CONNECTION_LIMIT) == 1, () -> "counted");
            assertThat(scrapeKeepingTheConnection(a)).as("the first is still served").contains("t_good_events 1");
        }
        Poll.until(Duration.ofSeconds(5), () -> {
            try {
                return RawHttp.statusLine(RawHttp.send(port.port(), "GET /metrics HTTP/1.1")).endsWith("200 OK");
            } catch (IOException e) {
                return false;
            }
        }, () -> "closed connections give their places back");
    }

    /** A scrape on {@code s} that leaves it open: the answer read up to the end of its body. */
    private static String scrapeKeepingTheConnection(Socket s) throws IOException {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder answer = new StringBuilder();
        InputStream in = s.getInputStream();
        while (!answer.toString().endsWith("t_good_events 1\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            answer.append((char) c);
        }
        return answer.toString();
    }
}
