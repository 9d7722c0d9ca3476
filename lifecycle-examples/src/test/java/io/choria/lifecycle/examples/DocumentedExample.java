package io.choria.lifecycle.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code java} code blocks of one Markdown document, as one class a user could write: the
 * blocks' imports at the top (with the API packages, which the documents leave out after the
 * README's first example), their statements in order in one method {@code example()}, so a later
 * block may use what an earlier one made. A line that is only {@code ...} stands for the user's
 * own code and is left out.
 */
record DocumentedExample(String className, String source) {
    /** The API a document's examples may use without saying so. */
    private static final List<String> IMPORTS = List.of(
            "import io.choria.lifecycle.*;",
            "import io.choria.lifecycle.cloudevents.*;",
            "import io.choria.lifecycle.nats.*;",
            "import io.nats.client.Connection;",
            "import java.nio.file.Path;",
            "import java.time.Duration;");

    static final String PACKAGE = "examples";

    /** The examples of {@code markdown}, as the class {@code examples.<className>}. */
    static DocumentedExample of(Path markdown, String className) throws IOException {
        List<String> imports = new ArrayList<>(IMPORTS);
        List<String> body = new ArrayList<>();
        boolean inJava = false;
        int blocks = 0;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (!inJava && line.strip().equals("```java")) {
                inJava = true;
                blocks++;
            } else if (inJava && line.strip().equals("```")) {
                inJava = false;
            } else if (inJava && line.startsWith("import ")) {
                imports.add(line);
            } else if (inJava && !line.strip().equals("...")) {
                body.add("        " + line);
            }
        }
        if (blocks == 0) {
            throw new IllegalArgumentException(markdown + " has no java code block");
        }
        String source = "package " + PACKAGE + ";\n\n" + String.join("\n", imports) + "\n\n"
                + "public class " + className + " {\n"
                + "    public static void example() throws Exception {\n"
                + String.join("\n", body) + "\n"
                + "    }\n"
                + "}\n";
        return new DocumentedExample(className, source);
    }
}
