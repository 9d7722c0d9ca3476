package io.choria.lifecycle.testing;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.GovernorEvent;
import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.NewVersionEvent;
import io.choria.lifecycle.VersionedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reproducible random events of every type (seeded {@link Random}) whose strings mix the
 * characters JSON encoders get wrong: astral characters and emoji, control characters, HTML
 * characters, U+2028/U+2029, lone surrogates, quotes and backslashes, and empty or 64 KiB strings.
 */
public final class GeneratedEvents {
    /** Unix seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what a CloudEvent time can hold. */
    public static final long MIN_CLOUDEVENT_SECONDS = -62167219200L;
    public static final long MAX_CLOUDEVENT_SECONDS = 253402300799L;

    private static final String[] PIECES = {
        "a", "Z", "node1.example.net", " ", "\"", "\\", "/", "<", ">", "&", "<script>&amp;</script>",
        "\u2028", "\u2029", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f",
        "é", "ß", "日本語", "\u00a0", "\ufeff", "\ufffd", "😀", "👩‍👩‍👧", "\uD834\uDD1E", "\uDBFF\uDFFF",
        "\uD800", "\uDFFF", "\u0085", "'", "%s", "{}", "[]", ":", ",",
    };
    private static final long[] SEQUENCES = {0, 1, 10, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -2L};
    private static final long[] TIMESTAMPS = {
        0, 1, -1, 1535106973, Integer.MAX_VALUE, 1L << 32, MIN_CLOUDEVENT_SECONDS, MAX_CLOUDEVENT_SECONDS,
    };

    private final Random random;

    public GeneratedEvents(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} events, cycling through every type, with times a CloudEvent can carry. */
    public List<LifecycleEvent> events(int count) {
        List<LifecycleEvent> events = new ArrayList<>(count);
        List<String> types = EventType.names();
        for (int i = 0; i < count; i++) {
            events.add(event(EventType.named(types.get(i % types.size()))));
        }
        return events;
    }

    public LifecycleEvent event(EventType type) {
        LifecycleEvent e = Lifecycle.newEvent(type);
        if (random.nextInt(4) == 0) {
            e.setId(text());
        }
        e.setIdentity(text());
        e.setComponent(text());
        e.setUnixTimestamp(timestamp());
        if (e instanceof VersionedEvent v) {
            v.setVersion(text());
        }
        if (e instanceof NewVersionEvent v) {
            v.setNewVersion(text());
        }
        if (e instanceof GovernorEvent g) {
            // the reference refuses to read a governor event without a name, so never write one
            String name = text();
            g.setGovernor(name.isEmpty() ? "G" : name);
            g.setSequence(random.nextBoolean() ? SEQUENCES[random.nextInt(SEQUENCES.length)] : random.nextLong());
            g.setStage(GovernorStage.values()[random.nextInt(GovernorStage.values().length)]);
        }
        return e;
    }

    /** A string: empty, 64 KiB, or a few random pieces. */
    public String text() {
        int kind = random.nextInt(100);
        if (kind < 5) {
            return "";
        }
        if (kind < 7) {
            return longText();
        }
        StringBuilder b = new StringBuilder();
        int pieces = 1 + random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            b.append(random.nextInt(5) == 0 ? randomCodePoint() : PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    private String longText() {
        StringBuilder b = new StringBuilder(64 * 1024 + 8);
        while (b.length() < 64 * 1024) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    /** Any Unicode code point, surrogate halves included (the setters turn those into U+FFFD). */
    private String randomCodePoint() {
        int cp = random.nextBoolean() ? random.nextInt(0x800) : random.nextInt(Character.MAX_CODE_POINT + 1);
        return new String(Character.toChars(cp));
    }

    private long timestamp() {
        if (random.nextBoolean()) {
            return TIMESTAMPS[random.nextInt(TIMESTAMPS.length)];
        }
        return MIN_CLOUDEVENT_SECONDS + (long) (random.nextDouble() * (MAX_CLOUDEVENT_SECONDS - MIN_CLOUDEVENT_SECONDS));
    }
}
