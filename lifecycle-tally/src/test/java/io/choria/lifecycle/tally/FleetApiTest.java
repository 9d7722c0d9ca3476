package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.EventFeed;

import io.choria.lifecycle.tally.web.FleetWeb;

import io.choria.lifecycle.tally.web.HttpSettings;
import io.choria.lifecycle.tally.web.HealthHandler;
import io.choria.lifecycle.tally.web.MetricsHandler;
import io.choria.lifecycle.tally.web.TallyPort;

import io.choria.lifecycle.nats.election.ElectionSettings;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.testing.Poll;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.nats.EventViewer;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fleet API over real HTTP, fed over a real nats-server. */
class FleetApiTest {
    /** One client for every request: a new client per request keeps its connection open until it is collected,
     * and a poll that scrapes many times would reach the port's limit of connections per client address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NatsServerProcess server;
    private static Connection publisher;
    private final OpenedResources opened = new OpenedResources();
    private Tally tally;

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServerProcess.startWithJetStream();
        publisher = Nats.connect(server.url());
    }

    @AfterAll
    static void stopServer() throws Exception {
        publisher.close();
        server.close();
    }

    @AfterEach
    void stop() throws Exception {
        opened.close();
    }

    private Tally start(Tally.Builder b) throws Exception {
        Connection c = opened.add(Nats.connect(server.url()));
        tally = opened.add(b.connection(c).component("*").prefix("choria_tally").port(0).bind("127.0.0.1").replay(false)
                .start());
        return tally;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + tally.port() + path;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).endsWith("\n").doesNotContain("\r");
        assertThat(r.body().indexOf('\n')).as("one line").isEqualTo(r.body().length() - 1);
        return JSON.readTree(r.body());
    }

    private static void publish(LifecycleEvent e) {
        publisher.publish(e.target(), Events.json(e));
    }

    private void awaitNodes(int n) {
        Poll.until(WAIT, () -> tally.recorder().nodes() == n, () -> n + " nodes");
    }

    @Test
    void fleetGivesTheLiveNodesPerVersionNewestFirstAndTheInstance() throws Exception {
        start(Tally.builder());
        publish(Events.alive("server", "a", "0.9.0"));
        publish(Events.alive("server", "b", "0.10.0"));
        publish(Events.alive("server", "c", "0.10.0"));
        publish(Events.alive("server", "d", "0.9.0"));
        publish(Events.alive("server", "d", "0.10.1")); // moves: 0.9.0 has one node left
        publish(Events.alive("broker", "x", "2.0"));
        publish(Events.shutdown("broker", "x")); // broker has no node left: not listed
        publish(Events.alive("client", "y", "1.0"));
        awaitNodes(5);
        JsonNode fleet = json(get(url("/api/fleet")));
        assertThat(fleet.get("components").toString()).isEqualTo("""
                [{"component":"client","nodes":1,"newest":"1.0","not_on_newest":0,"versions":[{"version":"1.0","nodes":1}]},\
                {"component":"server","nodes":4,"newest":"0.10.1","not_on_newest":3,"versions":[{"version":"0.10.1","nodes":1},\
                {"version":"0.10.0","nodes":2},{"version":"0.9.0","nodes":1}]}]""");
        JsonNode instance = fleet.get("instance");
        assertThat(instance.get("component").asText()).isEqualTo("*");
        assertThat(instance.get("election").isNull()).isTrue();
        assertThat(instance.get("state").asText()).isEqualTo("active");
        assertThat(instance.get("since").asText()).isEqualTo(instance.get("started").asText());
        assertThat(instance.get("expire_after").asText()).isEqualTo("1h20m0s");
        assertThat(instance.get("expire_after_seconds").asLong()).isEqualTo(4800);
        assertThat(instance.get("nodes_tracked").asInt()).isEqualTo(5);
        assertThat(Instant.parse(fleet.get("time").asText())).isBetween(Instant.now().minusSeconds(10), Instant.now());
    }

    @Test
    void limitsSayWhatTheyRefused() throws Exception {
        start(Tally.builder().maxNodes(2).maxVersions(1));
        JsonNode quiet = json(get(url("/api/fleet"))).get("limits");
        assertThat(quiet.toString()).isEqualTo("""
                {"max_nodes":2,"node_places_used":0,"max_versions_per_component":1,"version_limit_nodes":0,\
                "refused_events":{"node_limit":0,"version_limit":0},"last_refused":{"node_limit":null,"version_limit":null}}""");
        publish(Events.alive("server", "a", "1.0"));
        publish(Events.alive("server", "b", "2.0"));
        publish(Events.alive("server", "c", "1.0"));
        publish(Events.alive("server", "b", "3.0"));
        Poll.until(WAIT, () -> tally.recorder().refusals().total(Refusals.Reason.VERSION_LIMIT) == 2, () -> "2 refused versions");
        JsonNode limits = json(get(url("/api/fleet"))).get("limits");
        assertThat(limits.get("node_places_used").asInt()).isEqualTo(2);
        assertThat(limits.get("version_limit_nodes").asInt()).isEqualTo(1);
        assertThat(limits.get("refused_events").toString()).isEqualTo("{\"node_limit\":1,\"version_limit\":2}");
        assertThat(Instant.parse(limits.get("last_refused").get("node_limit").asText()))
                .isBetween(Instant.now().minusSeconds(10), Instant.now());
    }

    @Test
    void theInstanceSaysWhenItBecameActiveInAnElection() throws Exception {
        start(Tally.builder().election(ElectionSettings.of("fleet-api").withCandidate("me")
                .withBackoff(n -> Duration.ofMillis(100)).withMaxSplay(Duration.ofMillis(300))));
        JsonNode first = json(get(url("/api/fleet"))).get("instance");
        assertThat(first.get("election").asText()).isEqualTo("fleet-api");
        Poll.until(WAIT, tally::active, () -> "leadership");
        JsonNode later = json(get(url("/api/fleet"))).get("instance");
        assertThat(later.get("state").asText()).isEqualTo("active");
        assertThat(Instant.parse(later.get("since").asText())).isAfter(Instant.parse(later.get("started").asText()));
    }

    @Test
    void nodesAreProperlyEscapedJson() throws Exception {
        start(Tally.builder());
        List<String> hostile = List.of("quote\"back\\slash", "line\nbreak\ttab\u0001", "</script><script>alert(1)</script>",
                "\u2028sep\u2029", "emoji-\uD83D\uDE00", "<img src=x onerror=alert(1)>");
        hostile.forEach(id -> publish(Events.alive("server", id, "1.0 \"quoted\"")));
        awaitNodes(hostile.size());
        JsonNode page = json(get(url("/api/nodes?component=server&version=" + java.net.URLEncoder.encode("1.0 \"quoted\"",
                StandardCharsets.UTF_8))));
        List<String> identities = StreamSupport.stream(page.get("nodes").spliterator(), false).map(n -> n.get("identity").asText()).toList();
        assertThat(identities).containsExactlyInAnyOrderElementsOf(hostile);
        assertThat(page.get("nodes").get(0).get("version").asText()).isEqualTo("1.0 \"quoted\"");
        assertThat(page.get("total").asInt()).isEqualTo(hostile.size());
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    void everyResponseForbidsInlineScriptAndThePageNeedsNothingFromElsewhere() throws Exception {
        start(Tally.builder());
        for (String path : List.of("/", "/fleet.js", "/fleet.css", "/favicon.svg", "/api/fleet", "/api/nodes?component=x",
                "/api/nodes", "/nope")) {
            HttpResponse<String> r = get(url(path));
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(FleetWeb.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        assertThat(FleetWeb.CSP).contains("script-src 'self'", "default-src 'none'").doesNotContain("unsafe");
        HttpResponse<String> page = get(url("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"fleet.js\" defer></script>")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("<script[^>]*>[^<]")
                .doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=");
        for (String asset : List.of("/", "/fleet.js", "/fleet.css", "/favicon.svg")) {
            assertThat(get(url(asset)).body()).as(asset).doesNotContain("//cdn").doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
        }
        assertThat(get(url("/fleet.js")).body()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        assertThat(get(url("/fleet.js")).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    }

    @Test
    void badRequestsGetAOneLineJsonError() throws Exception {
        start(Tally.builder());
        record Case(String path, int status, String error) {
        }
        for (Case c : List.of(
                new Case("/api/nodes", 400, "component is required, e.g. component=server"),
                new Case("/api/nodes?component=server&limit=0", 400, "limit must be a whole number from 1 to 10000, got '0'"),
                new Case("/api/nodes?component=server&silent_for=soon", 400,
                        "silent_for: invalid duration 'soon': expected a number at 'soon', use e.g. 35m or 1h"),
                new Case("/api/nodes?component=a&component=b", 400, "parameter 'component' is given more than once"),
                new Case("/api/fleet?verbose=1", 400, "unknown parameter 'verbose': this endpoint takes none"),
                new Case("/api/nodes/", 404, "not found: /api/nodes/"),
                new Case("/index.html", 404, "not found: /index.html"))) {
            HttpResponse<String> r = get(url(c.path));
            assertThat(r.statusCode()).as(c.path).isEqualTo(c.status);
            assertThat(json(r).get("error").asText()).as(c.path).isEqualTo(c.error);
        }
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/fleet")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(json(post).get("error").asText()).isEqualTo("method not allowed: POST");
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(url("/")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void eventsStreamInTheViewJsonShape() throws Exception {
        start(Tally.builder());
        try (EventFeedClient sse = EventFeedClient.open(url("/api/events"), null)) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(sse.next(WAIT)).isEqualTo("retry: 500");
            assertThat(sse.next(WAIT)).isEmpty();
            LifecycleEvent sent = Events.upgraded("server", "<b>n1</b>", "1.0", "1.1");
            publisher.publish(sent.target(), Lifecycle.toJson(sent, WireFormat.CLOUDEVENT_V1));
            assertThat(sse.next(WAIT)).isEqualTo("id: 1");
            assertThat(sse.next(WAIT)).isEqualTo("data: " + EventViewer.json(sent));
            assertThat(sse.next(WAIT)).isEmpty();
        }
    }

    @Test
    void aBurstIsThinnedAndTheStreamSaysHowManyWereLeftOut() throws Exception {
        start(Tally.builder());
        try (EventFeedClient sse = EventFeedClient.open(url("/api/events"), null)) {
            assertThat(sse.next(WAIT)).isEqualTo("retry: 500");
            for (int i = 0; i < 300; i++) {
                publish(Events.alive("server", "n" + i, "1.0"));
            }
            int received = 0;
            long dropped = 0;
            boolean thinnedEvent = false;
            while (received + dropped < 300) {
                String line = sse.next(Duration.ofSeconds(5));
                assertThat(line).as("received %d, dropped %d", received, dropped).isNotNull().isNotEqualTo(EventFeedClient.END);
                if (line.startsWith("data: {\"protocol\"")) {
                    received++;
                } else if (line.equals("event: thinned")) {
                    thinnedEvent = true;
                } else if (line.startsWith("data: {\"dropped\":")) {
                    dropped += JSON.readTree(line.substring(6)).get("dropped").asLong();
                }
            }
            assertThat(received + dropped).isEqualTo(300);
            assertThat(received).isBetween(EventFeed.BURST, 100);
            assertThat(thinnedEvent).isTrue();
        }
    }

    @Test
    void aStreamEndsByItselfAndResumesWithoutAGap() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        PrometheusRegistry registry = new PrometheusRegistry();
        TallyMetrics metrics = new TallyMetrics("t", registry, () -> true);
        TallyRecorder recorder = new TallyRecorder(metrics, ExpiryWindow.DEFAULT, clock);
        EventFeed feed = new EventFeed();
        FleetWeb web = new FleetWeb(new FleetSummary(metrics, recorder, new InstanceState(null, Clock.systemUTC()), "*",
                ExpiryWindow.DEFAULT, clock), new NodeListing(recorder, clock), feed, Duration.ofSeconds(1));
        TallyPort http = opened.add(TallyPort.builder().settings(new HttpSettings("127.0.0.1", 0, null, false))
                .metrics(new MetricsHandler(registry, metrics.familyNames())).health(new HealthHandler(() -> null))
                .fleet(web).start());
        String events = "http://127.0.0.1:" + http.port() + "/api/events";
        List<String> ids = new ArrayList<>();
        try (EventFeedClient sse = EventFeedClient.open(events, null)) {
            feed.offer(Events.json(Events.alive("server", "n1", "1")));
            feed.offer(Events.json(Events.alive("server", "n2", "1")));
            // a stream that did not end after its 1 s lifetime would leave next() waiting WAIT and returning null
            for (String line = sse.next(WAIT); !EventFeedClient.END.equals(line); line = sse.next(WAIT)) {
                assertThat(line).as("the stream ends").isNotNull();
                if (line.startsWith("id: ")) {
                    ids.add(line);
                }
            }
        }
        assertThat(ids).containsExactly("id: 1", "id: 2");
        feed.offer(Events.json(Events.alive("server", "n3", "1"))); // while nobody listens
        try (EventFeedClient resumed = EventFeedClient.open(events, "2")) {
            assertThat(resumed.next(WAIT)).isEqualTo("retry: 500");
            assertThat(resumed.next(WAIT)).isEmpty();
            assertThat(resumed.next(WAIT)).isEqualTo("id: 3");
            assertThat(resumed.next(WAIT)).contains("\"identity\":\"n3\"");
        }
    }
}
