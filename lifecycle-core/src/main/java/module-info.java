/**
 * Choria lifecycle events: the event types and both wire formats (Choria and CloudEvents 1.0
 * JSON), byte for byte as the Go reference writes them, on Jackson core alone.
 */
@SuppressWarnings("module") // the tally's module is not there when this one is compiled
module io.choria.lifecycle {
    requires com.fasterxml.jackson.core;

    exports io.choria.lifecycle;
    // not API: what the decoder shares with the tally's machine event reader
    exports io.choria.lifecycle.internal to io.choria.lifecycle.tally;
}
