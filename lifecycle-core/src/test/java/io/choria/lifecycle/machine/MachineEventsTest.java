package io.choria.lifecycle.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.machine.MachineEvents.ExecState;
import io.choria.lifecycle.machine.MachineEvents.Origin;
import io.choria.lifecycle.machine.MachineEvents.Transition;
import io.choria.lifecycle.testing.ConformanceFiles;
import io.choria.lifecycle.testing.MachineEventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the writer sends is valid under the official machine schemas and reads back unchanged;
 * what an Autonomous Agent sends (written by hand here) reads; what is malformed is refused with
 * a one-line reason.
 */
class MachineEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Origin ORIGIN = new Origin("ev-1", "n1.example.net", "inst-7", "deploy", "1.2.3", 1_700_000_000L);

    @Test
    void aWrittenTransitionMatchesTheSchemaAndReadsBack() throws IOException {
        byte[] body = MachineEventWriter.transition(ORIGIN, "start", "idle", "running");

        checkEnvelope(body, MachineEvents.TRANSITION_PROTOCOL, "machine/v1/transition.json");
        assertThat(MachineEventReader.transition(body))
                .isEqualTo(new Transition("deploy", "1.2.3", "start", "idle", "running"));
    }

    @Test
    void aWrittenExecStateMatchesTheSchemaAndReadsBack() throws IOException {
        byte[] body = MachineEventWriter.execState(ORIGIN, "check_disk", "/usr/bin/check", "error", 1_500_000_000L);

        checkEnvelope(body, MachineEvents.EXEC_STATE_PROTOCOL, "machine/watcher/exec/v1/state.json");
        assertThat(MachineEventReader.execState(body))
                .isEqualTo(new ExecState("deploy", "1.2.3", "check_disk", "error", 1_500_000_000L));
    }

    @Test
    void eventsAsAnAgentSendsThemRead() {
        assertThat(MachineEventReader.transition(MachineEventJson.transition("m", "1.0", "go", "a", "b")))
                .isEqualTo(new Transition("m", "1.0", "go", "a", "b"));
        assertThat(MachineEventReader.execState(MachineEventJson.execState("m", "1.0", "w", "success", 42)))
                .isEqualTo(new ExecState("m", "1.0", "w", "success", 42));
    }

    @Test
    void absentOptionalFieldsReadAsEmptyAndZero() {
        byte[] body = MachineEventJson.cloudEvent(MachineEvents.EXEC_STATE_PROTOCOL,
                "{\"protocol\":\"" + MachineEvents.EXEC_STATE_PROTOCOL + "\"}");
        assertThat(MachineEventReader.execState(body)).isEqualTo(new ExecState("", "", "", "", 0));
    }

    @Test
    void aTransitionIsNotAnExecState() {
        byte[] body = MachineEventWriter.transition(ORIGIN, "start", "idle", "running");
        refused(() -> MachineEventReader.execState(body),
                "unknown notification protocol 'io.choria.machine.v1.transition'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1,2]|could not parse cloudevent: not a JSON object",
        "{\"specversion\":\"1.0\"|could not parse cloudevent: ",
        "{\"specversion\":\"1.0\"} {}|could not parse cloudevent: trailing data after the JSON object",
        "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"data\":{}}|could not parse cloudevent: specversion must be 1.0",
        "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\",\"data\":{}}|could not parse cloudevent: id is missing",
        "{\"specversion\":\"1.0\",\"id\":\"\",\"source\":\"s\",\"type\":\"t\",\"data\":{}}|could not parse cloudevent: id is missing",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"data\":{}}|could not parse cloudevent: source is missing",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"data\":{}}|could not parse cloudevent: type is missing",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}|could not parse notification: data is not a JSON object",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"data\":\"x\"}|could not parse notification: data is not a JSON object",
    })
    void malformedEnvelopesAreRefused(String row) {
        String[] parts = row.split("\\|", 2);
        byte[] body = parts[0].getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MachineEventReader.transition(body))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                .hasMessageStartingWith(parts[1])
                .message().doesNotContain("\n");
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedAsGoRefusesIt() {
        String transition = MachineEvents.TRANSITION_PROTOCOL;
        refused(() -> MachineEventReader.transition(MachineEventJson.cloudEvent(transition,
                "{\"protocol\":\"" + transition + "\",\"to_state\":7}")),
                "could not parse notification: to_state is not a string");
        refused(() -> MachineEventReader.transition(MachineEventJson.cloudEvent(transition,
                "{\"protocol\":\"" + transition + "\",\"timestamp\":\"now\"}")),
                "could not parse notification: timestamp is not an integer");
        String exec = MachineEvents.EXEC_STATE_PROTOCOL;
        refused(() -> MachineEventReader.execState(MachineEventJson.cloudEvent(exec,
                "{\"protocol\":\"" + exec + "\",\"previous_run_time\":1.5}")),
                "could not parse notification: previous_run_time is not an integer");
        refused(() -> MachineEventReader.execState(MachineEventJson.cloudEvent(exec,
                "{\"protocol\":7}")),
                "could not parse notification: protocol is not a string");
    }

    private static void refused(Runnable read, String message) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
                .hasMessage(message);
    }

    private static void checkEnvelope(byte[] body, String protocol, String schemaFile) throws IOException {
        JsonNode event = JSON.readTree(body);
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("id").asText()).isEqualTo("ev-1");
        assertThat(event.get("type").asText()).isEqualTo(protocol);
        assertThat(event.get("source").asText()).isEqualTo(MachineEvents.SOURCE);
        assertThat(event.get("subject").asText()).isEqualTo("n1.example.net");
        assertThat(event.get("time").asText()).isEqualTo("2023-11-14T22:13:20Z");
        JsonNode data = event.get("data");
        assertThat(data.get("protocol").asText()).isEqualTo(protocol);
        assertThat(data.get("id").asText()).isEqualTo("inst-7");
        assertThat(data.get("timestamp").asLong()).isEqualTo(1_700_000_000L);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(ConformanceFiles.readJson("schemas/choria/" + schemaFile));
        assertThat(schema.validate(data)).as(new String(body, StandardCharsets.UTF_8)).isEmpty();
    }
}
