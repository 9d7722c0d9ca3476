package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventFeedTest {
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // System.nanoTime may be negative too
    private final EventFeed feed = new EventFeed(nanos::get);

    private static byte[] event(int i) {
        return Lifecycle.toJson(Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"), EventOption.identity("n" + i), EventOption.version("1.0")), WireFormat.CLOUDEVENT_V1);
    }

    private static List<EventFeed.FeedEvent> drain(EventFeed.Subscription s) throws InterruptedException {
        List<EventFeed.FeedEvent> out = new ArrayList<>();
        for (EventFeed.FeedEvent e = s.poll(0); e != null; e = s.poll(0)) {
            out.add(e);
        }
        return out;
    }

    private void advanceMillis(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void eventsArriveInTheViewJsonShapeWithIncreasingIds() throws Exception {
        try (EventFeed.Subscription s = feed.subscribe(null)) {
            LifecycleEvent sent = Lifecycle.newEvent(EventType.STARTUP, EventOption.component("server"), EventOption.identity("<b>n1</b>"), EventOption.version("1.2.3"));
            feed.offer(Lifecycle.toJson(sent, WireFormat.CLOUDEVENT_V1));
            feed.offer(event(2));
            List<EventFeed.FeedEvent> got = drain(s);
            assertThat(got).extracting(EventFeed.FeedEvent::id).containsExactly(1L, 2L);
            assertThat(got.get(0).json()).isEqualTo(new String(Lifecycle.toJson(sent, WireFormat.CHORIA), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBurstIsThinnedToTwentyThenTwentyASecond() throws Exception {
        try (EventFeed.Subscription s = feed.subscribe(null)) {
            for (int i = 0; i < 100; i++) {
                feed.offer(event(i));
            }
            assertThat(drain(s)).hasSize(EventFeed.BURST);
            assertThat(s.newlyThinned()).isEqualTo(80);
            int passed = 0;
            for (int ms = 0; ms < 10_000; ms++) { // 1000 events a second for 10 s
                advanceMillis(1);
                feed.offer(event(ms));
                passed += drain(s).size();
            }
            assertThat(passed).isBetween(10 * EventFeed.MAX_PER_SECOND - 1, 10 * EventFeed.MAX_PER_SECOND + 1);
            assertThat(s.newlyThinned()).isEqualTo(10_000 - passed);
            assertThat(s.newlyThinned()).isZero();
        }
    }

    @Test
    void aQuietFeedRefillsItsBurst() throws Exception {
        for (int i = 0; i < 30; i++) {
            feed.offer(event(i));
        }
        advanceMillis(1000);
        try (EventFeed.Subscription s = feed.subscribe(Long.valueOf(EventFeed.BURST))) {
            for (int i = 0; i < 30; i++) {
                feed.offer(event(i));
            }
            assertThat(drain(s)).hasSize(EventFeed.BURST);
        }
    }

    @Test
    void aFreshStreamStartsWithTheLastTwentyAndAResumedOneWithWhatItMissed() throws Exception {
        for (int i = 0; i < 60; i++) {
            advanceMillis(100);
            feed.offer(event(i));
        }
        try (EventFeed.Subscription fresh = feed.subscribe(null)) {
            assertThat(drain(fresh)).extracting(EventFeed.FeedEvent::id).containsExactlyElementsOf(range(41, 60));
        }
        try (EventFeed.Subscription resumed = feed.subscribe(55L)) {
            assertThat(drain(resumed)).extracting(EventFeed.FeedEvent::id).containsExactlyElementsOf(range(56, 60));
        }
        try (EventFeed.Subscription upToDate = feed.subscribe(60L)) {
            assertThat(drain(upToDate)).isEmpty();
        }
        try (EventFeed.Subscription fromAnotherLife = feed.subscribe(9_999L)) {
            assertThat(drain(fromAnotherLife)).hasSize(EventFeed.BACKLOG);
        }
    }

    @Test
    void undecodableMessagesAreNotSent() throws Exception {
        try (EventFeed.Subscription s = feed.subscribe(null)) {
            feed.offer("{not json".getBytes(StandardCharsets.UTF_8));
            feed.offer(event(1));
            assertThat(drain(s)).hasSize(1);
        }
    }

    @Test
    void aStreamThatDoesNotReadNeverBlocksTheFeedAndLearnsWhatItLost() throws Exception {
        try (EventFeed.Subscription stalled = feed.subscribe(null)) {
            for (int i = 0; i < 2000; i++) {
                advanceMillis(100);
                feed.offer(event(i));
            }
            List<EventFeed.FeedEvent> got = drain(stalled);
            assertThat(got.size()).isLessThan(2000);
            assertThat(got.size() + stalled.newlyThinned()).isEqualTo(2000);
        }
    }

    @Test
    void streamsAreLimited() {
        List<EventFeed.Subscription> open = new ArrayList<>();
        for (int i = 0; i < EventFeed.MAX_STREAMS; i++) {
            open.add(feed.subscribe(null));
        }
        assertThat(feed.subscribe(null)).isNull();
        open.get(0).close();
        assertThat(feed.subscribe(null)).isNotNull();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
