package io.choria.lifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's Java examples compile as a user's code would: in a module of its own that
 * requires lifecycle-cloudevents and lifecycle-nats, on the module path, so only what the library
 * modules export is there to use; with every lint warning counting. The README's example also
 * runs and prints the line its comment promises.
 */
class DocumentedExamplesTest {
    @TempDir
    Path dir;

    @Test
    void theReadmesExampleCompilesAgainstTheExportedApiAndRunsAsDocumented() throws Exception {
        Path classes = compile(DocumentedExample.of(docs().resolve("README.md"), "Readme"));
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method example = loader.loadClass(DocumentedExample.PACKAGE + ".Readme").getMethod("example");
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            example.invoke(null);
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("[startup] n1.example.net: server version 1.2.3\n");
    }

    @Test
    void theNatsGuidesExamplesCompileAgainstTheExportedApi() throws Exception {
        // they connect to brokers of example.net: compiled, not run
        compile(DocumentedExample.of(docs().resolve("docs/nats.md"), "NatsGuide"));
    }

    /** Compiles the example in the module {@code examples}; fails on any error or warning. */
    private Path compile(DocumentedExample example) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src").resolve(DocumentedExample.PACKAGE));
        Files.writeString(sources.resolve(example.className() + ".java"), example.source());
        Path descriptor = Files.writeString(dir.resolve("src/module-info.java"), "module examples {\n"
                + "    requires io.choria.lifecycle.cloudevents;\n"
                + "    requires io.choria.lifecycle.nats;\n"
                + "}\n");
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-Xlint:all", "-d", out.toString(),
                    "--module-path", modulePath());
            boolean compiled = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(descriptor, sources.resolve(example.className() + ".java"))).call();
            String report = diagnostics.getDiagnostics().stream()
                    .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            assertThat(diagnostics.getDiagnostics()).as("%s\nin\n%s", report, numbered(example.source()))
                    .noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
                            || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING);
            assertThat(compiled).isTrue();
        }
        return out;
    }

    /** The library modules and their dependencies, as the build resolved them. */
    private static String modulePath() {
        String path = System.getProperty("examples.module.path");
        assertThat(path).as("examples.module.path (set by the module's pom)").isNotBlank();
        List<String> entries = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        assertThat(entries).anyMatch(e -> e.contains("lifecycle-nats")).anyMatch(e -> e.contains("lifecycle-core"));
        return String.join(File.pathSeparator, entries);
    }

    private static Path docs() {
        return Path.of(System.getProperty("examples.docs.dir", ".."));
    }

    private static String numbered(String source) {
        String[] lines = source.split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            b.append(i + 1).append(": ").append(lines[i]).append('\n');
        }
        return b.toString();
    }
}
