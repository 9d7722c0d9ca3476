package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimitsTest {
    private final AtomicLong now = new AtomicLong();
    private final ClientRateLimits limits = new ClientRateLimits(new WebConfig.RateLimit(Duration.ofMillis(100), 2),
            now::get);

    @Test
    void pagesOfAClientCannotUseUpItsScrapes() {
        assertThat(limits.allow("10.0.0.1", false)).isTrue();
        assertThat(limits.allow("10.0.0.1", false)).isTrue();
        assertThat(limits.allow("10.0.0.1", false)).as("the page's burst used up").isFalse();
        assertThat(limits.allow("10.0.0.1", true)).as("the scrape has its own bucket").isTrue();
    }

    @Test
    void oneClientCannotStarveAnother() {
        limits.allow("10.0.0.1", true);
        limits.allow("10.0.0.1", true);
        assertThat(limits.allow("10.0.0.1", true)).isFalse();
        assertThat(limits.allow("10.0.0.2", true)).isTrue();
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limits.allow("10.0.0.1", true)).as("one token per interval").isTrue();
        assertThat(limits.allow("10.0.0.1", true)).isFalse();
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        assertThat(ClientKey.of(new java.net.InetSocketAddress("2001:db8::1", 1)))
                .isEqualTo(ClientKey.of(new java.net.InetSocketAddress("2001:db8::ffff:2", 2)))
                .isNotEqualTo(ClientKey.of(new java.net.InetSocketAddress("2001:db8:0:1::1", 1)));
        assertThat(ClientKey.of(new java.net.InetSocketAddress("192.0.2.1", 1))).isEqualTo("192.0.2.1");
    }
}
