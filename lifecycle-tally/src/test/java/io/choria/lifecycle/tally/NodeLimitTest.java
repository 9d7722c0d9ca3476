package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import org.junit.jupiter.api.Test;

/** The node limit's default follows the heap, and a long identity takes the places of its length. */
class NodeLimitTest {
    private static final long MIB = 1 << 20;

    @Test
    void theDefaultIsWhatTheHeapHoldsAfterTheReserve() {
        assertThat(NodeLimit.defaultFor(256 * MIB)).as("the launcher's -Xmx256m").isEqualTo(1_048_576);
        assertThat(NodeLimit.defaultFor(1024 * MIB)).isEqualTo(7_340_032);
    }

    @Test
    void aSmallHeapStillGetsAQuarterOfIt() {
        assertThat(NodeLimit.defaultFor(128 * MIB)).isEqualTo(262_144);
        assertThat(NodeLimit.defaultFor(64 * MIB)).isEqualTo(131_072);
    }

    @Test
    void aHugeHeapIsCappedWhereTheIndexStopsGrowing() {
        assertThat(NodeLimit.defaultFor(1L << 40)).isEqualTo(NodeLimit.MAX);
    }

    @Test
    void aNodeTakesOnePlacePer64BytesOfIdentity() {
        assertThat(NodeLimit.places(0)).isEqualTo(1);
        assertThat(NodeLimit.places(64)).isEqualTo(1);
        assertThat(NodeLimit.places(65)).isEqualTo(2);
        assertThat(NodeLimit.places(1024 * 1024)).isEqualTo(16_384);
    }

    @Test
    void placesAreTakenWhileFreeAndGivenBack() {
        NodeLimit limit = new NodeLimit(3);
        assertThat(limit.take(100)).isTrue();
        assertThat(limit.take(100)).as("two places asked, one free").isFalse();
        assertThat(limit.used()).isEqualTo(2);
        assertThat(limit.take(10)).isTrue();
        assertThat(limit.take(10)).isFalse();
        limit.give(100);
        assertThat(limit.used()).isEqualTo(1);
        assertThat(limit.take(128)).isTrue();
    }

    @Test
    void aLimitOutOfRangeIsOneClearError() {
        assertThatThrownBy(() -> new NodeLimit(0)).isInstanceOf(LifecycleException.class)
                .hasMessage("the node limit must be between 1 and 500000000, got 0");
    }
}
