package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

/** A flood of bad input writes a few lines per interval and then says how many it left out. */
class WarningThrottleTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final WarningThrottle throttle = new WarningThrottle(
            (format, args) -> lines.add(MessageFormatter.arrayFormat(format, args).getMessage()), nanos::get);

    @Test
    void theFirstLinesOfAnIntervalAreLoggedAndTheRestCountedInTheNextLine() {
        for (int i = 0; i < 100_000; i++) {
            throttle.warn("could not process event on {}: {}", "s", i);
        }
        assertThat(lines).hasSize(WarningThrottle.LINES_PER_INTERVAL).first().isEqualTo("could not process event on s: 0");
        nanos.addAndGet(10_000_000_000L);
        throttle.warn("could not process event on {}: {}", "s", "later");
        assertThat(lines.subList(10, lines.size())).containsExactly(
                "99990 more warnings like these were not logged in the last 10s",
                "could not process event on s: later");
    }

    @Test
    void aQuietIntervalLeavesNothingToReport() {
        throttle.warn("one {}", 1);
        nanos.addAndGet(30_000_000_000L);
        throttle.warn("two {}", 2);
        assertThat(lines).containsExactly("one 1", "two 2");
    }
}
