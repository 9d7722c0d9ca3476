package io.choria.lifecycle.tally;

import io.choria.lifecycle.tally.web.NodePage;

import io.choria.lifecycle.tally.web.NodeQuery;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeListingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TallyRecorder recorder = new TallyRecorder(
            new TallyMetrics("t", new PrometheusRegistry(), () -> true), ExpiryWindow.of(Duration.ofMinutes(80)), clock);
    private final NodeListing listing = new NodeListing(recorder, clock);

    private void alive(String component, String identity, String version) {
        recorder.record(Events.alive(component, identity, version));
    }

    private static NodeQuery query(String component, String version, Duration silentFor, String after, int limit, String contains) {
        return new NodeQuery(component, version, silentFor, after, limit, contains);
    }

    private List<String> all(NodeQuery first) throws InterruptedException {
        List<String> out = new ArrayList<>();
        NodeQuery q = first;
        while (true) {
            NodePage page = listing.list(q);
            page.nodes().forEach(n -> out.add(n.identity()));
            if (page.next() == null) {
                return out;
            }
            assertThat(page.nodes()).hasSize(q.limit());
            q = query(q.component(), q.version(), q.silentFor(), page.next(), q.limit(), q.contains());
        }
    }

    private static List<String> utf8Sorted(List<String> identities) {
        List<String> sorted = new ArrayList<>(identities);
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        return sorted;
    }

    @Test
    void pagesFollowEachOtherInUtf8IdentityOrder() throws Exception {
        List<String> identities = new ArrayList<>(List.of("zürich", "Zeta", "alpha", "é", "\uD83D\uDE00-emoji", "\uFFFD", "10", "9"));
        IntStream.range(0, 30).forEach(i -> identities.add("node-" + i));
        Collections.shuffle(identities, new Random(1));
        identities.forEach(id -> alive("server", id, "1.0"));
        assertThat(all(query("server", null, null, null, 7, null))).isEqualTo(utf8Sorted(identities));
        NodePage first = listing.list(query("server", null, null, null, 7, null));
        assertThat(first.total()).isEqualTo(identities.size());
        assertThat(first.next()).isEqualTo(first.nodes().get(6).identity());
    }

    @Test
    void aPageThatHoldsTheRestHasNoNext() throws Exception {
        alive("server", "a", "1");
        alive("server", "b", "1");
        NodePage page = listing.list(query("server", null, null, null, 2, null));
        assertThat(page.nodes()).extracting(NodePage.ListedNode::identity).containsExactly("a", "b");
        assertThat(page.next()).isNull();
        assertThat(listing.list(query("server", null, null, "b", 2, null)).nodes()).isEmpty();
    }

    @Test
    void filtersByComponentVersionSilenceAndText() throws Exception {
        alive("server", "old-1.example.net", "1.0");
        alive("server", "OLD-2.example.net", "2.0");
        clock.advance(Duration.ofMinutes(40));
        alive("server", "new-1.example.net", "1.0");
        alive("broker", "old-b.example.net", "1.0");
        assertThat(all(query("server", "1.0", null, null, 10, null))).containsExactly("new-1.example.net", "old-1.example.net");
        assertThat(all(query("server", null, Duration.ofMinutes(35), null, 10, null)))
                .containsExactly("OLD-2.example.net", "old-1.example.net");
        assertThat(all(query("server", null, null, null, 10, "old-"))).containsExactly("OLD-2.example.net", "old-1.example.net");
        assertThat(all(query("broker", null, null, null, 10, null))).containsExactly("old-b.example.net");
        assertThat(all(query("nobody", null, null, null, 10, null))).isEmpty();
        assertThat(all(query("server", "3.0", null, null, 10, null))).isEmpty();
        NodePage page = listing.list(query("server", "1.0", null, null, 10, null));
        assertThat(page.total()).isEqualTo(2);
        NodePage.ListedNode node = page.nodes().get(1);
        assertThat(node.version()).isEqualTo("1.0");
        assertThat(node.lastSeenMillis()).isBetween(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() - 6000,
                Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void forgottenNodesAreNotListed() throws Exception {
        alive("server", "a", "1");
        alive("server", "b", "1");
        recorder.record(Events.shutdown("server", "a"));
        assertThat(all(query("server", null, null, null, 10, null))).containsExactly("b");
    }

    @Test
    void everyNodeThatStaysIsListedOnceWhileTheTableChangesUnderneath() throws Exception {
        List<String> stable = IntStream.range(0, 3 * NodeListing.CHUNK + 100).mapToObj(i -> String.format("stable-%06d", i)).toList();
        stable.forEach(id -> alive("server", id, "1.0"));
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            Random random = new Random(3);
            while (!stop.get()) {
                String id = "churn-" + random.nextInt(20_000);
                if (random.nextBoolean()) {
                    alive("server", id, "1.0");
                } else {
                    recorder.record(Events.shutdown("server", id));
                }
            }
        });
        churn.start();
        try {
            for (int round = 0; round < 5; round++) {
                List<String> listed = all(query("server", "1.0", null, null, 1000, null));
                assertThat(listed).isEqualTo(utf8Sorted(listed)).doesNotHaveDuplicates();
                assertThat(listed.stream().filter(id -> id.startsWith("stable-")).toList()).isEqualTo(stable);
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }
}
