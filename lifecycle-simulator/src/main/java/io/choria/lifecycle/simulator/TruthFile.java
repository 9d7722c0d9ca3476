package io.choria.lifecycle.simulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The simulator's truth as one JSON object, component → version → live nodes, keys sorted:
 * {@code {"broker":{"0.31.0":3},"server":{"0.30.1":250,"0.31.0":600}}}.
 */
public final class TruthFile {
    private static final JsonFactory JSON = new JsonFactory();

    private TruthFile() {
    }

    /** Writes {@code truth} and a newline to {@code out}, which stays open. */
    public static void write(Map<String, Map<String, Long>> truth, OutputStream out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        for (Map.Entry<String, Map<String, Long>> component : truth.entrySet()) {
            g.writeObjectFieldStart(component.getKey());
            for (Map.Entry<String, Long> version : component.getValue().entrySet()) {
                g.writeNumberField(version.getKey(), version.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.close();
        out.write('\n');
        out.flush();
    }
}
