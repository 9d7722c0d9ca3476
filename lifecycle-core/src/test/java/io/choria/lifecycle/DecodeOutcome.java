package io.choria.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Decodes anything and fails the test if something other than {@link EventDecodeException} escapes. */
final class DecodeOutcome {
    private DecodeOutcome() {
    }

    /** The event, or null when decoding refused the bytes with a one-line {@link EventDecodeException} of its own. */
    static LifecycleEvent decodeOrRefuse(byte[] json) {
        assertDetectNeverThrows(json);
        try {
            LifecycleEvent event = Lifecycle.fromJson(json);
            assertThat(event).isNotNull();
            return event;
        } catch (EventDecodeException e) {
            assertClearRefusal(e);
            return null;
        } catch (Throwable t) {
            return fail("decoding escaped with " + t + " for input " + preview(json), t);
        }
    }

    /** The message of the {@link EventDecodeException} decoding must throw for {@code json}. */
    static String refusal(byte[] json) {
        assertDetectNeverThrows(json);
        try {
            LifecycleEvent event = Lifecycle.fromJson(json);
            return fail("expected a decode error, got " + event + " for input " + preview(json));
        } catch (EventDecodeException e) {
            assertClearRefusal(e);
            return e.getMessage();
        } catch (Throwable t) {
            return fail("decoding escaped with " + t + " for input " + preview(json), t);
        }
    }

    private static void assertDetectNeverThrows(byte[] json) {
        try {
            assertThat(WireFormat.detect(json)).isNotNull();
        } catch (Throwable t) {
            fail("WireFormat.detect threw " + t + " for input " + preview(json), t);
        }
    }

    /**
     * A clear one-line refusal, and one made on purpose: the decoder's catch-all, which turns a
     * runtime exception or a stack overflow into a refusal so that no input stops a tally, must
     * never be what refused the input: its firing means a bug in the decoder.
     */
    private static void assertClearRefusal(EventDecodeException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        if (e.getCause() instanceof RuntimeException || e.getCause() instanceof Error) {
            throw new AssertionError("refused only by the decoder's catch-all: " + e.getCause(), e.getCause());
        }
    }

    static String preview(byte[] json) {
        if (json == null) {
            return "null";
        }
        String s = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 120 ? s.substring(0, 120) + "... (" + json.length + " bytes)" : s;
    }
}
