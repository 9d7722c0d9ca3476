package io.choria.lifecycle.container;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman (Debian's package, installed when missing) with the tests' own settings
 * (src/test/resources/podman/containers.conf) and its own storage and state under
 * target/podman, rootful. Containers are started detached and removed with {@link #remove}.
 */
final class Podman {
    private static final Path CONF = Path.of("src/test/resources/podman/containers.conf").toAbsolutePath();
    private final String program;
    private final Path home;

    private Podman(String program, Path home) {
        this.program = program;
        this.home = home;
    }

    /** podman on storage in target/podman. */
    static Podman inTarget() {
        String program = DebianPackage.program("podman", "podman");
        DebianPackage.program("runc", "runc"); // the runtime containers.conf names
        Path home = Path.of("target", "podman").toAbsolutePath();
        try {
            Files.createDirectories(home.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Podman(program, home);
    }

    /** {@code podman ARGS} with the tests' settings and storage. */
    ProgramRun run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(program, "--root", home.resolve("root").toString(),
                "--runroot", home.resolve("runroot").toString(), "--tmpdir", home.resolve("tmp").toString()));
        command.addAll(args);
        return ProgramRun.of(Map.of("CONTAINERS_CONF", CONF.toString()), command);
    }

    ProgramRun run(String... args) {
        return run(List.of(args));
    }

    /** Takes the image tagged {@code tag} from the OCI layout {@code layout} into the store as {@code name}. */
    String load(Path layout, String tag, String name) {
        String id = run("pull", "--quiet", "oci:" + layout + ":" + tag).ok().stdout().strip();
        run("tag", id, name).ok();
        return name;
    }

    /** {@code podman run --detach --name NAME ARGS}: the container's id. */
    String start(String name, List<String> args) {
        List<String> all = new ArrayList<>(List.of("run", "--detach", "--name", name));
        all.addAll(args);
        return run(all).ok().stdout().strip();
    }

    String logs(String name) {
        ProgramRun r = run("logs", name);
        return r.stdout() + r.stderr();
    }

    /** What {@code podman inspect --format FORMAT NAME} says, e.g. {@code {{.State.ExitCode}}}. */
    String inspect(String name, String format) {
        return run("inspect", "--format", format, name).ok().stdout().strip();
    }

    /** Removes the container whatever its state: {@code podman rm -f}. */
    void remove(String name) {
        run("rm", "--force", "--time", "0", name);
    }
}
