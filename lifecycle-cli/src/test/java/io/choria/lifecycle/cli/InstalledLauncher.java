package io.choria.lifecycle.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * {@code bin/choria-lifecycle} run as the packages install it ({@code bin/} beside
 * {@code share/choria-lifecycle/choria-lifecycle.jar}), for what only the launcher and a JVM
 * of its own show: the locale the JVM is started under, and arguments that are raw bytes. The
 * jar is the build's classes behind a manifest (the shaded jar is made after the tests), so the
 * launcher's own {@code java -jar} line runs; arguments go through {@code bash}'s
 * {@code $'\xHH'} quoting, which carries any byte, as a shell would pass them.
 */
public final class InstalledLauncher {
    private static Path root;

    private InstalledLauncher() {
    }

    /** What one run printed and returned. */
    public record Run(int exitCode, byte[] stdout, String stderr) {
    }

    /** Runs {@code choria-lifecycle args} with {@code stdin}, under exactly the locale variables in {@code locale}. */
    public static Run run(Map<String, String> locale, List<byte[]> args, byte[] stdin) {
        try {
            Path dir = layout();
            Path script = Files.createTempFile(dir, "run", ".sh");
            StringBuilder line = new StringBuilder("exec '").append(dir.resolve("bin/choria-lifecycle")).append('\'');
            for (byte[] arg : args) {
                line.append(" $'");
                for (byte b : arg) {
                    line.append(String.format("\\x%02x", b & 0xFF));
                }
                line.append('\'');
            }
            Files.writeString(script, line.append('\n'), StandardCharsets.US_ASCII);
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
            pb.environment().keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG") || name.equals("LANGUAGE"));
            pb.environment().putAll(locale);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().remove("JAVA_OPTS");
            Path out = dir.resolve(script.getFileName() + ".out");
            Path err = dir.resolve(script.getFileName() + ".err");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("choria-lifecycle " + args.size() + " arguments did not finish in 120 s");
            }
            Run run = new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
            Files.delete(script);
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The installed layout, made once per test JVM and removed when it ends. */
    private static synchronized Path layout() throws IOException {
        if (root != null) {
            return root;
        }
        Path dir = Files.createTempDirectory("choria-lifecycle-installed");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path launcher = Files.copy(Path.of("..", "bin", "choria-lifecycle"), bin.resolve("choria-lifecycle"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path share = Files.createDirectories(dir.resolve("share/choria-lifecycle"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ChoriaLifecycle.class.getName());
        List<String> classPath = new ArrayList<>();
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : testClassPath.split(java.io.File.pathSeparator)) {
            classPath.add(Path.of(entry).toAbsolutePath().toUri().getRawPath());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(share.resolve("choria-lifecycle.jar")), manifest)) {
            jar.flush();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        root = dir;
        return dir;
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: the system cleans it up otherwise
        }
    }
}
