package io.choria.lifecycle.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.testing.ConformanceFiles;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark bodies do the work they claim, on the reference's startup vector. */
class CodecBenchmarkTest {
    private final CodecBenchmark bench = new CodecBenchmark();
    private JsonNode vector;

    @BeforeEach
    void setUp() throws IOException {
        vector = ConformanceFiles.cases("encode").get(0);
        assertThat(vector.path("name").asText()).isEqualTo("startup from the reference tests");
        bench.setUp();
    }

    @Test
    void theEncodeBenchmarksWriteTheReferenceBytes() {
        assertThat(new String(bench.encodeChoria(), UTF_8)).isEqualTo(vector.get("choria").asText());
        assertThat(new String(bench.encodeCloudEvent(), UTF_8)).isEqualTo(vector.get("cloudevent").asText());
    }

    @Test
    void theDecodeBenchmarksReadTheEvent() {
        LifecycleEvent choria = bench.decodeChoria();
        assertThat(choria.toString()).isEqualTo(vector.get("display").asText());
        assertThat(choria).isEqualTo(bench.event());

        LifecycleEvent cloud = bench.decodeCloudEvent();
        assertThat(cloud.format()).isEqualTo(WireFormat.CLOUDEVENT_V1);
        assertThat(cloud.toString()).isEqualTo(vector.get("display").asText());
        assertThat(cloud.id()).isEqualTo(vector.path("event").path("id").asText());
    }

    @Test
    void theWriteBaselinesWriteTheSameFieldsAndValues() throws IOException {
        assertThat(new String(bench.baselineWriteChoria(), UTF_8)).isEqualTo(vector.get("choria").asText());
        assertThat(new String(bench.baselineWriteCloudEvent(), UTF_8)).isEqualTo(vector.get("cloudevent").asText());
    }

    @Test
    void theScanBaselinesVisitEveryToken() throws IOException {
        BareJackson bare = new BareJackson();
        // {"a":"bc","n":12} : START_OBJECT(1) FIELD_NAME(5)+1 VALUE_STRING(6)+2 FIELD_NAME(5)+1 VALUE_NUMBER_INT(7)+2 END_OBJECT(2)
        assertThat(bare.scan("{\"a\":\"bc\",\"n\":12}".getBytes(UTF_8))).isEqualTo(1 + 6 + 8 + 6 + 9 + 2);
        long choria = bench.baselineScanChoria();
        long cloud = bench.baselineScanCloudEvent();
        assertThat(choria).isPositive();
        assertThat(cloud).isGreaterThan(choria);
    }
}
