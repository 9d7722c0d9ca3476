package io.choria.lifecycle.tally;

/** A request the fleet API cannot answer as asked: a 400 whose one-line message says why. */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
