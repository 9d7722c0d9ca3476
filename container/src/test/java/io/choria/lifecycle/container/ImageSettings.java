package io.choria.lifecycle.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the image is made of: container/image's lists of JVM options and Java modules, as build-image reads them. */
final class ImageSettings {
    static final Path DIR = Path.of("image").toAbsolutePath();

    private ImageSettings() {
    }

    /** The lines of {@code file} in image/ that are neither empty nor comments. */
    static List<String> lines(String file) {
        try {
            return Files.readAllLines(DIR.resolve(file)).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> jvmOptions() {
        return lines("jvm-options");
    }

    /** The heap's share of the memory limit, -XX:MaxRAMPercentage, in percent. */
    static double maxRamPercentage() {
        return jvmOptions().stream().filter(o -> o.startsWith("-XX:MaxRAMPercentage="))
                .map(o -> Double.parseDouble(o.substring(o.indexOf('=') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("image/jvm-options sets no -XX:MaxRAMPercentage"));
    }
}
