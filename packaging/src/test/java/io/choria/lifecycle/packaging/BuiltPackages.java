package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The two packages the package phase wrote into target/, and the version each carries. */
final class BuiltPackages {
    static final Path DIR = Path.of(System.getProperty("choria.deb.dir", "target")).toAbsolutePath();
    /** The tree 'stage rpm' laid out, from which build-rpm packed the .rpm. */
    static final Path RPM_STAGE = DIR.resolve("stage-rpm");
    static final Path BUILD_RPM = Path.of("src", "rpm", "build-rpm").toAbsolutePath();
    static final Path SPEC = Path.of("src", "rpm", "choria-lifecycle.spec").toAbsolutePath();

    private BuiltPackages() {
    }

    static Path deb() {
        return theOne("choria-lifecycle_.+_all\\.deb", "one choria-lifecycle_<version>_all.deb built by the package phase");
    }

    static Path rpm() {
        return theOne("choria-lifecycle-.+-1\\.noarch\\.rpm", "one choria-lifecycle-<version>-1.noarch.rpm built by the package phase");
    }

    /** The Maven version as an RPM Version, by build-rpm's rule: each '-' made '~'. */
    static String rpmVersion() {
        return System.getProperty("project.version").replace('-', '~');
    }

    private static Path theOne(String regex, String what) {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches(regex)).toList();
            assertThat(found).as(what + " in " + DIR).hasSize(1);
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
