package io.choria.lifecycle.tally.web;

/** A request the fleet API cannot answer as asked: a 400 whose one-line message says why. */
public final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
        super(message, null, false, false);
    }
}
