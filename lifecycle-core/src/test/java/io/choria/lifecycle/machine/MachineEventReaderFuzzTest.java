package io.choria.lifecycle.machine;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.testing.MachineEventJson;
import io.choria.lifecycle.LifecycleException.Reason;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.choria.lifecycle.testing.AllocationBudget;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the {@link MachineEventReader}, which reads what Choria Autonomous
 * Agents publish on the machine subjects: every input is read both as a transition and as an exec
 * watcher state, and each read returns its record or refuses with a one-line
 * {@link LifecycleException} (reason invalid input) (which the tally counts in {@code process_errors}); nothing else
 * escapes, no input hangs (libFuzzer's per-input timeout, set in the pom) and none allocates out
 * of proportion to its size ({@link AllocationBudget}). Starts from the machine events the other
 * tests use. Runs for its {@code maxDuration} inside {@code mvn verify} (the pom's "fuzz" execution).
 */
class MachineEventReaderFuzzTest {
    /** A flat envelope read into two small maps; the fixed part covers the parser's buffers. */
    private static final AllocationBudget BUDGET = AllocationBudget.of(2 * 1024 * 1024, 32);

    @MethodSource("seeds")
    @DictionaryFile(resourcePath = "/io/choria/lifecycle/testing/json.dict")
    @FuzzTest(maxDuration = "20s")
    void readsOrRefusesEveryInput(byte[] input) {
        BUDGET.check(input, () -> {
            readOrRefuse(input, MachineEventReader::transition);
            readOrRefuse(input, MachineEventReader::execState);
        });
    }

    private static void readOrRefuse(byte[] input, Function<byte[], Record> read) {
        try {
            if (read.apply(input) == null) {
                throw new AssertionError("the reader returned null instead of a record or a LifecycleException");
            }
        } catch (LifecycleException e) {
            if (e.reason() != Reason.INVALID_INPUT) {
                throw new AssertionError("refused as " + e.reason() + ", not as invalid input", e);
            }
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.contains("\n") || message.contains("\r")) {
                throw new AssertionError("the reader's refusal is not one line: [" + message + "]", e);
            }
        }
    }

    /** Both kinds of machine event, one of each outcome, and the shapes the recorder's tests refuse. */
    static Stream<Arguments> seeds() {
        return Stream.of(
                seed("transition", MachineEventJson.transition("deploy", "1.0.0", "start", "idle", "running")),
                seed("exec state success", MachineEventJson.execState("m", "1.0", "check", "success", 1_500_000_000L)),
                seed("exec state error", MachineEventJson.execState("m", "1.0", "check", "error", 500_000_000L)),
                seed("exec state skipped", MachineEventJson.execState("m", "1.0", "check", "skipped", 0)),
                seed("unknown protocol", MachineEventJson.cloudEvent("x", "{\"protocol\":\"io.choria.machine.v2.transition\"}")),
                seed("data not an object", MachineEventJson.cloudEvent("x", "\"not an object\"")),
                seed("no envelope", "{\"data\":{\"protocol\":\"io.choria.machine.v1.transition\"}}".getBytes(UTF_8)));
    }

    private static Arguments seed(String name, byte[] json) {
        return Arguments.of(Named.of(name, json));
    }
}
