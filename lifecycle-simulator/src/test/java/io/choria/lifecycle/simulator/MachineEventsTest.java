package io.choria.lifecycle.simulator;

import io.choria.lifecycle.machine.MachineEvents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.testing.ConformanceFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine events the simulated Scout checks send are valid under the official Choria schemas. */
class MachineEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Collects what the story sends, without a network: this test is about bytes. */
    private static final class Collected implements FleetWire {
        final List<byte[]> transitions = new ArrayList<>();
        final List<byte[]> execStates = new ArrayList<>();

        @Override
        public boolean lifecycle(int node, LifecycleEvent event) {
            return true;
        }

        @Override
        public boolean transition(byte[] body) {
            return transitions.add(body);
        }

        @Override
        public boolean execState(byte[] body, boolean outcome) {
            return execStates.add(body);
        }
    }

    @Test
    void transitionsAndExecStatesMatchTheSchemasInCloudEvents() throws IOException {
        Fleet fleet = new Fleet(300, 5);
        Collected wire = new Collected();
        MachineStory story = new MachineStory(fleet, wire);
        for (int round = 0; round < 5; round++) {
            for (int n = 0; n < fleet.size; n++) {
                if (story.runs(n)) {
                    story.check(n, 1_700_000_000L + round);
                }
            }
        }
        assertThat(wire.transitions).hasSizeGreaterThan(50);
        assertThat(wire.execStates).hasSizeGreaterThan(200);
        check(wire.transitions, schema("machine/v1/transition.json"), MachineEvents.TRANSITION_PROTOCOL);
        check(wire.execStates, schema("machine/watcher/exec/v1/state.json"), MachineEvents.EXEC_STATE_PROTOCOL);
    }

    private static void check(List<byte[]> events, JsonSchema schema, String protocol) throws IOException {
        for (byte[] body : events) {
            JsonNode event = JSON.readTree(body);
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo(protocol);
            assertThat(event.get("source").asText()).isEqualTo("io.choria.machine");
            assertThat(event.get("subject").asText()).isEqualTo(event.get("data").get("identity").asText());
            assertThat(schema.validate(event.get("data"))).as(new String(body)).isEmpty();
        }
    }

    private static JsonSchema schema(String file) {
        JsonNode schema = ConformanceFiles.readJson("schemas/choria/" + file);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }
}
