package io.choria.lifecycle.tally.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** What {@code GET /api/fleet} answers: the tally writes its counts and its instance's state. */
@FunctionalInterface
public interface FleetView {
    /** Writes the one JSON object of the answer. */
    void write(JsonGenerator json) throws IOException;
}
