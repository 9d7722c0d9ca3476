package io.choria.lifecycle;

import java.util.Objects;

/**
 * What the library throws when something cannot be done: {@link #reason()} says what kind of
 * failure it is, for a program to act on, and the message says why in one line, for people.
 */
public class LifecycleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure a caller can tell apart. */
    public enum Reason {
        /**
         * Bad input: an event, option, setting, argument, file or received message that cannot be
         * used as it is. Trying again with the same input gives the same answer.
         */
        INVALID_INPUT,
        /** No broker could be reached, or the connection is closed. Trying again later may work. */
        NOT_CONNECTED,
        /**
         * A broker was reached and said no: authentication, authorisation or the client's TLS
         * certificate refused, or a JetStream request rejected.
         */
        REFUSED,
        /**
         * The JetStream stream {@code CHORIA_EVENTS} that keeps lifecycle events is not there, or
         * the broker runs no JetStream at all: create it, or use live subjects.
         */
        STREAM_MISSING,
        /** Something did not answer or finish in time: a broker, or a tally busy with other clients. */
        TIMED_OUT,
        /** The calling thread was interrupted while it waited; its interrupt flag is set again. */
        INTERRUPTED,
        /** Something of this machine's could not be used: a port already taken, a program that is missing. */
        UNAVAILABLE
    }

    private final Reason reason;

    public LifecycleException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public LifecycleException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** What kind of failure this is. */
    public Reason reason() {
        return reason;
    }
}
