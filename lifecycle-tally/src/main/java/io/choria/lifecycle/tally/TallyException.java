package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;

/** A tally setting or input that cannot be used; its message is one line for the user. */
public class TallyException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    public TallyException(String message) {
        super(message);
    }

    public TallyException(String message, Throwable cause) {
        super(message, cause);
    }
}
