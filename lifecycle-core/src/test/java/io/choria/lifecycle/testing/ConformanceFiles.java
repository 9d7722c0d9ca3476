package io.choria.lifecycle.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference material the tests check against: the conformance vectors and the official
 * Choria JSON schemas of the repository's top-level {@code conformance/} folder (its README says
 * where each file came from). lifecycle-core's build puts that folder on the test class path as
 * {@code /conformance/}, and its test-jar carries it to the other modules' tests, so the tests
 * need nothing outside the checkout and run the same from an IDE.
 */
public final class ConformanceFiles {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROOT = "/conformance/";
    private static JsonNode vectors;

    private ConformanceFiles() {
    }

    /** Whether the folder holds {@code relative}, e.g. {@code schemas/choria/lifecycle/v1/governor.json}. */
    public static boolean exists(String relative) {
        return ConformanceFiles.class.getResource(ROOT + relative) != null;
    }

    /** The JSON file {@code relative} of the folder, parsed; fails the test naming it when it is missing. */
    public static JsonNode readJson(String relative) {
        URL file = ConformanceFiles.class.getResource(ROOT + relative);
        if (file == null) {
            return fail("conformance/" + relative + " is not on the test class path (lifecycle-core's test"
                    + " resources copy the repository's conformance/ folder there)");
        }
        try (InputStream in = file.openStream()) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            return fail("cannot read conformance/" + relative + ": " + e.getMessage(), e);
        }
    }

    /** {@code conformance/vectors.json}, parsed once. */
    public static synchronized JsonNode vectors() {
        if (vectors == null) {
            vectors = readJson("vectors.json");
        }
        return vectors;
    }

    /** The cases of one section of the vectors, e.g. {@code encode}; fails when it is empty. */
    public static List<JsonNode> cases(String section) {
        JsonNode cases = vectors().path(section);
        if (!cases.isArray() || cases.isEmpty()) {
            return fail("conformance/vectors.json has no cases in section '" + section + "'");
        }
        List<JsonNode> list = new ArrayList<>();
        cases.forEach(list::add);
        return list;
    }
}
