package io.choria.lifecycle.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The least Jackson can do with a startup event: the baselines of {@link CodecBenchmark}. A plain
 * factory (standard escapes), no event objects, output buffers sized as the codec sizes them.
 */
final class BareJackson {
    private final JsonFactory json = new JsonFactory();

    /**
     * One streaming pass over every token. Asking each value's text length makes Jackson decode
     * it (as reading it would) without building a String; the sum keeps the JIT from skipping work.
     */
    long scan(byte[] bytes) throws IOException {
        long sum = 0;
        try (JsonParser p = json.createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                sum += t.id();
                if (t.isScalarValue() || t == JsonToken.FIELD_NAME) {
                    sum += p.getTextLength();
                }
            }
        }
        return sum;
    }

    /** The Choria-format fields of a startup event, in the reference's order. */
    byte[] writeChoria(String id, String identity, String component, long timestamp, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            writeStartup(g, id, identity, component, timestamp, version);
        }
        return out.toByteArray();
    }

    /** The CloudEvents envelope around the same object; the time is given already formatted. */
    byte[] writeCloudEvent(String id, String identity, String component, long timestamp, String version, String time)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(640);
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", id);
            g.writeStringField("source", "io.choria.lifecycle");
            g.writeStringField("type", "io.choria.lifecycle.v1.startup");
            g.writeStringField("subject", identity);
            g.writeStringField("datacontenttype", "application/json");
            g.writeStringField("time", time);
            g.writeFieldName("data");
            writeStartup(g, id, identity, component, timestamp, version);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeStartup(JsonGenerator g, String id, String identity, String component, long timestamp,
            String version) throws IOException {
        g.writeStartObject();
        g.writeStringField("protocol", "io.choria.lifecycle.v1.startup");
        g.writeStringField("id", id);
        g.writeStringField("identity", identity);
        g.writeStringField("component", component);
        g.writeNumberField("timestamp", timestamp);
        g.writeStringField("version", version);
        g.writeEndObject();
    }
}
