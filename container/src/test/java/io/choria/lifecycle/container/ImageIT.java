package io.choria.lifecycle.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image build-image wrote, as skopeo (Debian's package) reads its OCI layout and tar lists
 * its layers: the reference image's user, places and command, the labels, no shell, the runtime's
 * modules against what jdeps says the jar needs, and its size.
 */
class ImageIT {
    private static final String VERSION = System.getProperty("project.version");
    private static final Path LAYOUT = Path.of(System.getProperty("choria.image.dir"), "oci");
    private static final Path JAR = Path.of(System.getProperty("choria.cli.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the three layers may weigh together, compressed: a guard, the image is about 36 MB. */
    private static final long LAYERS_BUDGET = 40L << 20;

    private static JsonNode config;
    private static JsonNode manifest;
    /** Every layer's entries, as 'tar -tv --numeric-owner' lists them. */
    private static final List<Entry> ENTRIES = new ArrayList<>();

    /** One entry of a layer: its type and mode (as 'drwxr-xr-x'), owner, group, path and link target. */
    record Entry(String mode, int uid, int gid, String path, String target) {
    }

    @BeforeAll
    static void inspect() throws IOException {
        String skopeo = DebianPackage.program("skopeo", "skopeo");
        String image = "oci:" + LAYOUT + ":" + VERSION;
        config = JSON.readTree(ProgramRun.of(skopeo, "inspect", "--config", image).ok().stdout());
        manifest = JSON.readTree(ProgramRun.of(skopeo, "inspect", "--raw", image).ok().stdout());
        for (JsonNode layer : manifest.path("layers")) {
            Path blob = LAYOUT.resolve("blobs/sha256").resolve(layer.path("digest").asText().substring("sha256:".length()));
            for (String line : ProgramRun.of("tar", "--list", "--verbose", "--numeric-owner", "--gzip", "--file",
                    blob.toString()).ok().stdout().split("\n")) {
                ENTRIES.add(parse(line));
            }
        }
    }

    @Test
    void itStartsAsTheReferenceImageDoes() {
        JsonNode c = config.path("config");
        assertThat(c.path("User").asText()).isEqualTo("2048:2048");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/tally/tally\"]");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"--port\",\"8080\",\"--config\",\"/tally/config/tally.conf\"]");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/tally");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");

        assertThat(entry("tally/tally").mode()).startsWith("l");
        assertThat(entry("tally/tally").target()).isEqualTo("/opt/choria-lifecycle/bin/tally");
        assertThat(entry("usr/bin/choria-lifecycle").target()).isEqualTo("/opt/choria-lifecycle/bin/choria-lifecycle");
        for (String place : List.of("tally/config", "tally/ssl", "home/choria")) {
            Entry e = entry(place);
            assertThat(e.mode()).as(place).isEqualTo("drwxr-xr-x");
            assertThat(List.of(e.uid(), e.gid())).as(place).containsExactly(2048, 2048);
        }
        assertThat(ENTRIES).filteredOn(e -> e.uid() != 0 || e.gid() != 0)
                .extracting(Entry::path).containsExactlyInAnyOrder("tally/config/", "tally/ssl/", "home/choria/");
        assertThat(entry("tmp").mode()).isEqualTo("drwxrwxrwt");
        assertThat(ENTRIES).filteredOn(e -> !e.path().equals("tmp/") && !e.mode().startsWith("l")
                && (e.mode().charAt(5) == 'w' || e.mode().charAt(8) == 'w')).isEmpty();
    }

    @Test
    void itHasTheUserChoriaAndNoShell() throws IOException {
        Path passwd = extract("etc/passwd");
        assertThat(Files.readAllLines(passwd)).contains("choria:x:2048:2048:Choria Orchestrator - choria.io:/home/choria:/usr/sbin/nologin");
        assertThat(ENTRIES).extracting(Entry::path)
                .noneMatch(p -> p.matches("(.*/)?(sh|bash|dash|ash|busybox|toybox)")).contains("usr/bin/choria-lifecycle");
        // the launchers are native programs (jpackage's), not scripts
        for (String launcher : List.of("opt/choria-lifecycle/bin/tally", "opt/choria-lifecycle/bin/choria-lifecycle")) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(extract(launcher)), 4);
            assertThat(head).as(launcher).containsExactly(0x7f, 'E', 'L', 'F');
        }
    }

    @Test
    void itsLabelsSayVersionRevisionSourceAndLicence() {
        JsonNode labels = config.path("config").path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
        assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
        ProgramRun head = ProgramRun.of("git", "rev-parse", "HEAD");
        assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(head.ok().stdout().strip());
        assertThat(manifest.path("annotations").path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
    }

    /** The runtime holds image/modules, and jdeps finds nothing else in the jar but what that file says is left out. */
    @Test
    void itsRuntimeHasTheModulesTheJarNeeds() throws IOException {
        String release = Files.readString(extract("opt/choria-lifecycle/lib/runtime/release"));
        String line = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        Set<String> runtime = new TreeSet<>(List.of(line.substring("MODULES=\"".length(), line.length() - 1).split(" ")));
        assertThat(runtime).containsAll(ImageSettings.lines("modules"));

        String jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps").toString();
        String needed = ProgramRun.of(jdeps, "--print-module-deps", "--ignore-missing-deps", "--multi-release", "17",
                JAR.toString()).ok().stdout().strip();
        Set<String> missing = new TreeSet<>(List.of(needed.split(",")));
        missing.removeAll(runtime);
        assertThat(missing).as("modules jdeps finds that the runtime lacks; add them to image/modules or say there"
                + " why not").containsExactlyInAnyOrder("java.desktop", "java.sql");
    }

    @Test
    void itStaysSmall() {
        long layers = 0;
        for (JsonNode layer : manifest.path("layers")) {
            layers += layer.path("size").asLong();
        }
        assertThat(manifest.path("layers")).hasSize(3);
        System.out.printf("image: %d layers, %.1f MiB compressed%n", manifest.path("layers").size(), layers / 1048576.0);
        assertThat(layers).as("compressed layers, bytes").isLessThan(LAYERS_BUDGET);
    }

    private static Entry entry(String path) {
        return ENTRIES.stream().filter(e -> e.path().equals(path) || e.path().equals(path + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + path + " in the image"));
    }

    /** One file of the image, extracted from the layer that holds it into a temporary file. */
    private static Path extract(String path) throws IOException {
        for (JsonNode layer : manifest.path("layers")) {
            Path blob = LAYOUT.resolve("blobs/sha256").resolve(layer.path("digest").asText().substring("sha256:".length()));
            Path dir = Files.createTempDirectory("image-file");
            ProgramRun r = ProgramRun.of("tar", "--extract", "--gzip", "--file", blob.toString(), "--directory",
                    dir.toString(), path);
            if (r.exitCode() == 0 && Files.exists(dir.resolve(path))) {
                return dir.resolve(path);
            }
        }
        throw new AssertionError("no file " + path + " in any layer");
    }

    /** {@code drwxr-xr-x 2048/2048 0 2026-12-08 01:07 tally/config/} or {@code lrwxrwxrwx 0/0 0 ... a -> b}. */
    private static Entry parse(String line) {
        String[] f = line.split("\\s+", 6);
        String[] owner = f[1].split("/");
        String name = f[5];
        String target = null;
        int arrow = name.indexOf(" -> ");
        if (arrow >= 0) {
            target = name.substring(arrow + 4);
            name = name.substring(0, arrow);
        }
        return new Entry(f[0], Integer.parseInt(owner[0]), Integer.parseInt(owner[1]), name, target);
    }
}
