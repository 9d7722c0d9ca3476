package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files a Choria configuration is read from, in go-choria's order ({@code config/config.go}
 * {@code loadConfigFiles}, {@code config/util.go} {@code parseAllDotCfg}): the file itself, then
 * {@code plugin.d/choria.cfg} beside it, whose {@code key = value} lines are
 * {@code plugin.choria.<key>} settings and win over the file's.
 *
 * <p>go-choria reads every {@code *.cfg} and {@code *.conf} of {@code plugin.d} (each as
 * {@code plugin.<file name>.<key>}), but only {@code choria.cfg} sets the typed settings it
 * connects with; the others are the agents' options, which no setting read here comes from, so
 * they are not read. go-choria skips {@code plugin.d} for a configuration under the home
 * directory (a user's {@code ~/.choriarc}); it compares the two as strings, so a home of
 * {@code /home/al} also skipped {@code /home/alice/...}: here the home must be a parent directory.
 */
final class ConfigFiles {
    static final String PLUGIN_DIRECTORY = "plugin.d";
    private static final String CHORIA_PLUGIN = "choria";

    private ConfigFiles() {
    }

    /**
     * Reads {@code file}, then its {@code plugin.d/choria.cfg} unless {@code file} is under
     * {@code home} (null: no home known, read it), into {@code values} and {@code warnings}.
     *
     * @throws LifecycleException when a file cannot be read, saying which and why
     */
    static void read(Path file, Path home, Map<String, String> values, List<String> warnings) {
        parse(file, lines(file), "", values, warnings);
        Path absolute = file.toAbsolutePath().normalize();
        if (home != null && absolute.startsWith(home.toAbsolutePath().normalize())) {
            return;
        }
        Path plugins = absolute.resolveSibling(PLUGIN_DIRECTORY);
        for (Path cfg : pluginFiles(plugins)) {
            String name = cfg.getFileName().toString();
            if (name.equals(CHORIA_PLUGIN + ".cfg")) {
                parse(cfg, lines(cfg), "plugin." + CHORIA_PLUGIN + ".", values, warnings);
            }
        }
    }

    /** The {@code *.cfg} and {@code *.conf} files of {@code dir} in name order, as Go's {@code os.ReadDir} lists them. */
    private static List<Path> pluginFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.{cfg,conf}")) {
            entries.forEach(files::add);
        } catch (IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read " + dir + ": " + describe(e));
        }
        files.sort(null);
        return files;
    }

    /** The file's lines; bytes that are not UTF-8 are read as U+FFFD, as Go would keep going. */
    private static List<String> lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read Choria configuration " + file + ": " + describe(e));
        }
    }

    /**
     * {@code key = value} lines of {@code source} into {@code values}, each key after {@code prefix};
     * lines that are not settings and likely misspelt keys into {@code warnings}.
     */
    static void parse(Path source, List<String> lines, String prefix, Map<String, String> values, List<String> warnings) {
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                warnings.add(source + ":" + n + ": ignored, not 'key = value': " + line
                        + (line.matches("[\\w.]+\\s*:.*") ? " (Choria's format is 'key = value', not 'key: value')" : ""));
                continue;
            }
            String key = prefix + line.substring(0, eq).trim();
            values.put(key, line.substring(eq + 1).trim());
            int lineNumber = n;
            ConfigKeys.likelyMeant(key).ifPresent(known -> warnings.add(source + ":" + lineNumber + ": unknown key "
                    + key + ", ignored; did you mean " + known + "?"));
        }
    }

    /** Why reading failed, in words: {@code FileSystemException}'s message is the file name again. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String why = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return why == null ? e.getClass().getSimpleName() : why.toLowerCase(Locale.ROOT); // "Is a directory"
    }
}
