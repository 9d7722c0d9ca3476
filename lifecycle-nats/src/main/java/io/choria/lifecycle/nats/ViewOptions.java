package io.choria.lifecycle.nats;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the viewer shows and where (the reference's {@code ViewOptions}): filters, debug (raw
 * bodies) or JSON (compact Choria format) output, the clock for the time of receipt, and an
 * optional replay period.
 */
public final class ViewOptions {
    private final EventFilter filter;
    private final boolean debug;
    private final boolean json;
    private final PrintStream output;
    private final Clock clock;
    private final Duration since;
    private final boolean stream;

    private ViewOptions(Builder b) {
        this.filter = EventFilter.of(b.typeFilter, b.componentFilter);
        this.debug = b.debug;
        this.json = b.json;
        this.output = b.output;
        this.clock = b.clock;
        this.since = b.since;
        this.stream = b.stream || b.since != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public EventFilter filter() {
        return filter;
    }

    /** Print raw message bodies instead of display lines. */
    public boolean debug() {
        return debug;
    }

    /** Print each event as one line of compact Choria-format JSON. */
    public boolean json() {
        return json;
    }

    public PrintStream output() {
        return output;
    }

    /** The clock whose zone gives the local time of receipt. */
    public Clock clock() {
        return clock;
    }

    /** How far back to replay the event stream first, or null for events from now on only. */
    public Duration since() {
        return since;
    }

    /**
     * Whether events are read from the broker's {@value EventStream#NAME} stream (lossless: a
     * viewer that falls behind lags) rather than live subjects; always with {@link #since()}.
     */
    public boolean stream() {
        return stream;
    }

    /** Builds {@link ViewOptions}; defaults: no filters, display lines, standard output, system clock. */
    public static final class Builder {
        private String typeFilter;
        private String componentFilter;
        private boolean debug;
        private boolean json;
        private PrintStream output = System.out;
        private Clock clock = Clock.systemDefaultZone();
        private Duration since;
        private boolean stream;

        private Builder() {
        }

        /** Only this type name (checked when built). */
        public Builder typeFilter(String typeName) {
            this.typeFilter = typeName;
            return this;
        }

        /** Only this exact component. */
        public Builder componentFilter(String component) {
            this.componentFilter = component;
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        public Builder json(boolean json) {
            this.json = json;
            return this;
        }

        public Builder output(PrintStream output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Replays the event stream from this long ago first (and reads it from then on, see {@link #stream}). */
        public Builder since(Duration since) {
            this.since = since;
            return this;
        }

        /** Reads events from the broker's stream instead of live subjects, from now on unless {@link #since} says more. */
        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        /**
         * The options.
         *
         * @throws io.choria.lifecycle.LifecycleException for an unknown type name
         */
        public ViewOptions build() {
            return new ViewOptions(this);
        }
    }
}
