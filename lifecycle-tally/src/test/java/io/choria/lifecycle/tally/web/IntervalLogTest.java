package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntervalLogTest {
    private final AtomicLong now = new AtomicLong(42);
    private final List<String> lines = new ArrayList<>();
    private final IntervalLog log = new IntervalLog(lines::add, now::get);

    @Test
    void oneLinePerIntervalAndTheCountOfTheRestWithTheNext() {
        for (int i = 0; i < 1000; i++) {
            log.warn("refused " + i);
        }
        assertThat(lines).containsExactly("refused 0");
        now.addAndGet(IntervalLog.INTERVAL_SECONDS * 1_000_000_000L);
        log.warn("refused again");
        assertThat(lines).containsExactly("refused 0", "refused again (and 999 more like it since the last such line)");
    }
}
