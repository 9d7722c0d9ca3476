package io.choria.lifecycle;

/**
 * Bytes could not be read as a lifecycle event. The only exception decoding ever throws; its
 * reason is always {@link Reason#INVALID_INPUT} and its message contains the reference's error
 * text (e.g. {@code unsupported event format}).
 */
public class EventDecodeException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    public EventDecodeException(String message) {
        super(Reason.INVALID_INPUT, message);
    }

    public EventDecodeException(String message, Throwable cause) {
        super(Reason.INVALID_INPUT, message, cause);
    }
}
