package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The baseline answers as the real node table does, so comparing their numbers is fair. */
class HashMapNodeTableTest {
    private static final long T0 = 1_700_000_000_000L;
    private final HashMapNodeTable table = new HashMapNodeTable(Duration.ofMinutes(10));

    @Test
    void putReturnsThePreviousVersionAndRemoveForgets() {
        assertThat(table.put("server", "n1", "1.0", T0)).isNull();
        assertThat(table.put("server", "n1", "2.0", T0 + 1000)).isEqualTo("1.0");
        assertThat(table.put("client", "n1", "9.9", T0)).isNull();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.remove("server", "n1")).isEqualTo("2.0");
        assertThat(table.remove("server", "n1")).isNull();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void expiryForgetsWhatWasNotSeenWithinTheWindowAndLastSeenNeverMovesBack() {
        table.put("server", "old", "1", T0);
        table.put("server", "fresh", "1", T0 + 5 * 60_000);
        table.put("server", "fresh", "1", T0); // an older event: last seen stays
        assertThat(table.expire(T0 + 10 * 60_000)).isZero();
        assertThat(table.expire(T0 + 11 * 60_000)).isEqualTo(1);
        assertThat(table.expire(T0 + 16 * 60_000)).isEqualTo(1);
        assertThat(table.size()).isZero();
    }
}
