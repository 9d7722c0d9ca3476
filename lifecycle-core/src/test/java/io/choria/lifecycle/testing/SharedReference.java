package io.choria.lifecycle.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only reference material in {@code ../shared}, found through the system property
 * {@code choria.shared.dir} that surefire sets. Read at test time, never copied into the tree.
 */
public final class SharedReference {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static JsonNode vectors;

    private SharedReference() {
    }

    /** The shared directory; fails the test with a clear message when it is not configured. */
    public static Path dir() {
        String dir = System.getProperty("choria.shared.dir");
        if (dir == null || dir.isBlank()) {
            return fail("system property choria.shared.dir is not set: run the tests through Maven "
                    + "(the parent pom sets it to ../shared) or pass -Dchoria.shared.dir=/path/to/shared");
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            return fail("choria.shared.dir=" + dir + " is not a directory; it must point at the shared reference material");
        }
        return path;
    }

    /** A file of the shared directory; fails the test naming it when it is missing. */
    public static Path file(String relative) {
        Path file = dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            return fail("reference file " + file + " is missing (choria.shared.dir=" + dir() + ")");
        }
        return file;
    }

    /** {@code conformance/vectors.json}, parsed once. */
    public static synchronized JsonNode vectors() {
        if (vectors == null) {
            vectors = readJson(file("conformance/vectors.json"));
        }
        return vectors;
    }

    /** The cases of one section of the vectors, e.g. {@code encode}; fails when it is empty. */
    public static Iterable<JsonNode> cases(String section) {
        JsonNode cases = vectors().path(section);
        if (!cases.isArray() || cases.isEmpty()) {
            return fail("conformance/vectors.json has no cases in section '" + section + "'");
        }
        return cases;
    }

    public static JsonNode readJson(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
