package io.choria.lifecycle;

/** A lifecycle event could not be made, completed or written; the message says why in one line. */
public class LifecycleException extends RuntimeException {
    public LifecycleException(String message) {
        super(message);
    }

    public LifecycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
