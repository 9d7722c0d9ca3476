package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

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
        // every value, the detection members, the values of the wrong kind and the envelope's state, data included
        assertThat(fast.toString()).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(slow.toString());
        return true;
    }
}
