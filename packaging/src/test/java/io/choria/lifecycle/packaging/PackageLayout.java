package io.choria.lifecycle.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * packaging/src/layout/files, the one list both packages are made from, read the way
 * packaging/src/layout/stage reads it, for the tests to hold the built packages against.
 */
final class PackageLayout {
    static final Path FILE = Path.of("src", "layout", "files").toAbsolutePath();

    /** The two packages, each with its column of the '@' lines. */
    enum Format {
        DEB(1), RPM(2);

        private final int column;

        Format(int column) {
            this.column = column;
        }
    }

    /** One file line: {@code path} may hold placeholders ({@link #pathIn}). */
    record Entry(String mode, String group, String kind, String path, String source) {
        boolean config() {
            return kind.startsWith("config");
        }

        boolean doc() {
            return kind.startsWith("doc");
        }
    }

    private final Map<String, String[]> placeholders;
    private final List<Entry> entries;

    private PackageLayout(Map<String, String[]> placeholders, List<Entry> entries) {
        this.placeholders = placeholders;
        this.entries = entries;
    }

    static PackageLayout read() {
        Map<String, String[]> placeholders = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f[0].isEmpty() || f[0].startsWith("#")) {
                continue;
            }
            if (f[0].startsWith("@")) {
                placeholders.put(f[0], f);
            } else if (f.length == 5) {
                entries.add(new Entry(f[0], f[1], f[2], f[3], f[4]));
            } else {
                throw new AssertionError(FILE + ": not 'mode group kind path source': " + line);
            }
        }
        return new PackageLayout(placeholders, entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** {@code path} with the placeholders filled in as {@code format} has them. */
    String pathIn(Format format, String path) {
        String filled = path;
        for (String[] p : placeholders.values()) {
            filled = filled.replace(p[0], p[format.column]);
        }
        return filled;
    }

    /** Where the .rpm has what the .deb installs at {@code debPath}. */
    String rpmPathOf(String debPath) {
        for (String[] p : placeholders.values()) {
            if (debPath.equals(p[Format.DEB.column]) || debPath.startsWith(p[Format.DEB.column] + "/")) {
                return p[Format.RPM.column] + debPath.substring(p[Format.DEB.column].length());
            }
        }
        return debPath;
    }
}
