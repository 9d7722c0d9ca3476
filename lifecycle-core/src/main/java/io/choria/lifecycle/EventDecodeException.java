package io.choria.lifecycle;

/**
 * Bytes could not be read as a lifecycle event. The only exception decoding ever throws; its
 * message contains the reference's error text (e.g. {@code unsupported event format}).
 */
public class EventDecodeException extends LifecycleException {
    public EventDecodeException(String message) {
        super(message);
    }

    public EventDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
