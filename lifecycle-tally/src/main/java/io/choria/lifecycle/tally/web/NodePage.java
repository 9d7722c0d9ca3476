package io.choria.lifecycle.tally.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * One page of {@code GET /api/nodes}: the nodes in identity order, the identity to pass as
 * {@code after} for the next page (null on the last), and how many nodes matched the filters in
 * all (read while the table changes, so a close count rather than an exact snapshot).
 */
public record NodePage(NodeQuery query, List<ListedNode> nodes, String next, long total) {

    /** One node as listed: {@code last_seen} is at the table's resolution (a tenth of the expiry delay). */
    public record ListedNode(String identity, String version, long lastSeenMillis) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("identity", identity);
            json.writeStringField("version", version);
            json.writeStringField("last_seen", Instant.ofEpochMilli(lastSeenMillis).toString());
            json.writeEndObject();
        }
    }

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("component", query.component());
        if (query.version() != null) {
            json.writeStringField("version", query.version());
        }
        json.writeNumberField("total", total);
        json.writeArrayFieldStart("nodes");
        for (ListedNode n : nodes) {
            n.write(json);
        }
        json.writeEndArray();
        json.writeStringField("next", next);
        json.writeEndObject();
    }
}
