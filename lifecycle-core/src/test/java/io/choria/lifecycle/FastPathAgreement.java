package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The promise of {@link PlainJsonReader}: it reads exactly what the Jackson pass reads, or gives
 * up; it never accepts what Jackson refuses. Checked by its unit test and on every fuzzer input.
 */
final class FastPathAgreement {
    private FastPathAgreement() {
    }

    /** Whether the fast path read {@code json}; asserts that it then read exactly what Jackson reads. */
    static boolean check(byte[] json) {
        EventFields fast = PlainJsonReader.read(json);
        EventFields slow;
        try {
            slow = EventDecoder.readObject(json, true, null);
        } catch (EventDecodeException refused) {
            assertThat(fast).as("the fast path accepted what Jackson refuses (%s): %s", refused.getMessage(),
                    new String(json, StandardCharsets.UTF_8)).isNull();
            return false;
        }
        if (fast == null) {
            return false;
        }
        assertThat(describe(fast)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(describe(slow));
        return true;
    }

    /** Every field of {@code f} (nested data too), for comparison. */
    private static List<String> describe(EventFields f) {
        List<String> out = new ArrayList<>();
        if (f == null) {
            out.add("null");
            return out;
        }
        for (Field field : EventFields.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    || Modifier.isPrivate(field.getModifiers())) {
                continue;
            }
            try {
                Object v = field.get(f);
                out.add(field.getName() + "=" + (v instanceof EventFields nested ? describe(nested)
                        : v == null ? "null" : v.getClass().getSimpleName() + ":" + v));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

}
