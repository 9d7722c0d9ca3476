package io.choria.lifecycle;

import io.choria.lifecycle.testing.ConformanceFiles;
import io.choria.lifecycle.testing.GeneratedEvents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path must read exactly what the Jackson pass reads, or give up: never accept what Jackson
 * refuses, never read a field differently. Checked on the conformance vectors, on generated events in
 * both formats, and on a few hundred thousand mutations of them.
 */
class PlainJsonReaderTest {
    private static final byte[] NOISE = " \t\n\r{}[]\":,\\-+.0123456789eEnulltruefalsAZaz\u00e9".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsWhatChoriaComponentsWrite() {
        LifecycleEvent e = Lifecycle.newEvent(EventType.STARTUP, EventOption.component("server"),
                EventOption.identity("n1.example.net"), EventOption.version("0.31.0"));
        for (WireFormat format : List.of(WireFormat.CHORIA, WireFormat.CLOUDEVENT_V1)) {
            byte[] wire = Lifecycle.toJson(e, format);
            assertThat(PlainJsonReader.read(wire)).as("the fast path takes %s", format).isNotNull();
            FastPathAgreement.check(wire);
        }
    }

    @Test
    void givesUpOnWhatItDoesNotFullyUnderstand() {
        for (String json : List.of(
                "{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"identity\":\"caf\\u00e9\"}", // an escape
                "{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"identity\":\"café\"}",        // non-ASCII
                "{\"Protocol\":\"io.choria.lifecycle.v1.alive\"}",                               // another case
                "{\"timestamp\":1.5}", "{\"timestamp\":-1}", "{\"timestamp\":0123}",             // numbers
                "{\"sequence\":18446744073709551615}",                                           // uint64
                "{\"x\":{\"y\":1}}", "{\"x\":[1]}", "{\"a\":1,}", "{\"a\" 1}", "{} x", "[]", "")) {
            assertThat(PlainJsonReader.read(json.getBytes(StandardCharsets.UTF_8))).as(json).isNull();
        }
    }

    @Test
    void agreesWithJacksonOnTheSharedVectors() {
        for (String section : List.of("decode", "detect")) {
            for (JsonNode c : ConformanceFiles.cases(section)) {
                FastPathAgreement.check(c.get("json").asText().getBytes(StandardCharsets.UTF_8));
            }
        }
        for (JsonNode c : ConformanceFiles.cases("encode")) {
            for (String format : List.of("choria", "cloudevent")) {
                byte[] wire = c.get(format).asText().getBytes(StandardCharsets.UTF_8);
                assertThat(FastPathAgreement.check(wire)).as("the fast path takes %s", c.get("name")).isTrue();
            }
        }
    }

    @Test
    void agreesWithJacksonOnHostileGeneratedEvents() {
        // escapes, control characters, non-ASCII, 64 KiB strings: mostly for Jackson, never misread
        Random random = new Random(20261127);
        for (LifecycleEvent e : new GeneratedEvents(20261127).events(300)) {
            FastPathAgreement.check(Lifecycle.toJson(e, random.nextBoolean() ? WireFormat.CHORIA : WireFormat.CLOUDEVENT_V1));
        }
    }

    @Test
    void agreesWithJacksonOnPlainEventsAndTheirMutations() {
        Random random = new Random(42);
        int accepted = 0;
        int cases = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] wire = Lifecycle.toJson(plainEvent(random), random.nextBoolean() ? WireFormat.CHORIA
                    : WireFormat.CLOUDEVENT_V1);
            assertThat(FastPathAgreement.check(wire)).as("the fast path takes plain events").isTrue();
            for (int m = 0; m < 50; m++) {
                accepted += FastPathAgreement.check(mutate(wire, random)) ? 1 : 0;
                cases++;
            }
        }
        // many mutations break the JSON or leave the plain shape, but the fast path must see real use
        assertThat(accepted).isGreaterThan(cases / 10);
    }

    /** An event of any type as a Choria component writes one: ASCII names and versions. */
    private static LifecycleEvent plainEvent(Random random) {
        EventType type = EventType.values()[1 + random.nextInt(EventType.values().length - 1)];
        LifecycleEvent e = Lifecycle.newEvent(type);
        e.setIdentity("node" + random.nextInt(100_000) + ".example.net");
        e.setComponent(random.nextBoolean() ? "server" : "provision_mode_server");
        e.setUnixTimestamp(1_700_000_000L + random.nextInt(100_000_000));
        if (e instanceof VersionedEvent v) {
            v.setVersion("0." + random.nextInt(40) + "." + random.nextInt(10));
        }
        if (e instanceof NewVersionEvent v) {
            v.setNewVersion("1." + random.nextInt(10) + ".0");
        }
        if (e instanceof GovernorEvent g) {
            g.setGovernor("PUPPET");
            g.setSequence(random.nextInt(1000));
            g.setStage(GovernorStage.values()[random.nextInt(GovernorStage.values().length)]);
        }
        return e;
    }

    private static byte[] mutate(byte[] wire, Random random) {
        byte[] b = wire.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = NOISE[random.nextInt(NOISE.length)];
                case 1 -> b = splice(b, at, 1, new byte[0]);
                case 2 -> b = splice(b, at, 0, new byte[] {NOISE[random.nextInt(NOISE.length)]});
                default -> b[at] = (byte) Character.toUpperCase(b[at]);
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
