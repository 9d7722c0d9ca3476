package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading {@code /api/nodes} parameters from a raw query string, and the 400s. */
class NodeQueryTest {
    private static NodeQuery read(String rawQuery) {
        return NodeQuery.from(ApiParameters.parse(rawQuery));
    }

    private static void refused(String rawQuery, String message) {
        assertThatThrownBy(() -> read(rawQuery)).isInstanceOf(BadRequest.class).hasMessage(message);
    }

    @Test
    void everyParameterIsRead() {
        assertThat(read("component=server&version=1.2.3%2Bb&silent_for=1h30m&after=n%C3%B6de+1&limit=25&contains=web"))
                .isEqualTo(new NodeQuery("server", "1.2.3+b", Duration.ofMinutes(90), "nöde 1", 25, "web"));
        assertThat(read("component=server")).isEqualTo(new NodeQuery("server", null, null, null, NodeQuery.DEFAULT_LIMIT, null));
        assertThat(read("component=server&version=&after=&limit=&")).isEqualTo(read("component=server"));
        assertThat(read("component=server&limit=10000").limit()).isEqualTo(NodeQuery.MAX_LIMIT);
        assertThat(read("component=server&silent_for=0s").silentFor()).isZero();
    }

    @Test
    void badParametersAreRefusedWithAReason() {
        refused(null, "component is required, e.g. component=server");
        refused("version=1", "component is required, e.g. component=server");
        refused("component=server&limit=0", "limit must be a whole number from 1 to 10000, got '0'");
        refused("component=server&limit=10001", "limit must be a whole number from 1 to 10000, got '10001'");
        refused("component=server&limit=ten", "limit must be a whole number from 1 to 10000, got 'ten'");
        refused("component=server&silent_for=-1m", "silent_for must not be negative, got -1m");
        refused("component=server&silent_for=35", "silent_for: invalid duration '35': missing unit after 35"
                + " (valid units are ns, us, ms, s, m, h), use e.g. 35m or 1h");
        refused("component=server&silentfor=1h", "unknown parameter 'silentfor', valid: after, component, contains, limit,"
                + " silent_for, version");
        refused("component=a&component=b", "parameter 'component' is given more than once");
        refused("component=server&after=" + "x".repeat(1025), "after is longer than 1024 bytes");
        assertThatThrownBy(() -> ApiParameters.parse("component=%G1")).isInstanceOf(BadRequest.class)
                .hasMessageStartingWith("bad percent-encoding in the query string");
    }
}
