package io.choria.lifecycle;

import java.util.Optional;

/**
 * {@code io.choria.lifecycle.v1.governor}: a component obtained, left, failed to obtain or was
 * evicted from a Governor slot. The sequence is an unsigned 64-bit number held in a {@code long}
 * (use {@link Long#toUnsignedString(long)} to show it). The stage is kept as received, so an
 * event with a stage this library does not know still round-trips byte for byte.
 */
public final class GovernorEvent extends LifecycleEvent {
    private String governor = "";
    private long sequence;
    private String stageName = "";

    /** A new event with a random id and the current time; see {@link Lifecycle#newEvent}. */
    public GovernorEvent() {
        super(EventType.GOVERNOR);
    }

    GovernorEvent(String id, long timestamp) {
        super(EventType.GOVERNOR, id, timestamp);
    }

    /** The name of the Governor. */
    public String governor() {
        return governor;
    }

    public void setGovernor(String governor) {
        this.governor = nonNull(governor);
    }

    /** The slot sequence, unsigned; 0 when not meaningful. */
    public long sequence() {
        return sequence;
    }

    public void setSequence(long unsignedSequence) {
        this.sequence = unsignedSequence;
    }

    /** The stage, or empty when the event carries a stage this library does not know. */
    public Optional<GovernorStage> stage() {
        return GovernorStage.find(stageName);
    }

    /**
     * The stage as written on the wire ({@code event_type}, e.g. {@code timeouts}), exactly as set or
     * received, also when this library does not know it.
     */
    public String stageName() {
        return stageName;
    }

    public void setStage(GovernorStage stage) {
        this.stageName = stage.wireName();
    }

    /** Package-private: the decoder keeps whatever stage string it read, like the reference. */
    void setStageName(String stageName) {
        this.stageName = nonNull(stageName);
    }

    @Override
    public String toString() {
        String who = "[governor] " + identity() + ": ";
        String seq = Long.toUnsignedString(sequence);
        boolean hasSeq = sequence != 0;
        Optional<GovernorStage> known = stage();
        if (known.isEmpty()) {
            return who + "unknown stage on Governor " + governor;
        }
        return switch (known.get()) {
            case ENTER -> who + (hasSeq ? "obtained slot " + seq + " on " : "obtained slot on ") + governor;
            case EXIT -> who + (hasSeq ? "vacated slot " + seq + " on " : "vacated ") + governor;
            case TIMEOUTS -> who + "failed to obtain a slot on " + governor;
            case EVICTION -> who + (hasSeq ? "evicted from slot " + seq + " on " : "evicted from ") + governor;
        };
    }

    @Override
    boolean extraFieldsEqual(LifecycleEvent other) {
        GovernorEvent o = (GovernorEvent) other;
        return governor.equals(o.governor) && sequence == o.sequence && stageName.equals(o.stageName);
    }
}
