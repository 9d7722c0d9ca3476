package io.choria.lifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.info.BuildProperties;

/** The version an application announces without choria.lifecycle.version. */
class ApplicationVersionTest {
    @TempDir
    Path dir;

    @Test
    void theBuildInformationComesFirstThenTheManifestOfTheApplicationsJar() throws Exception {
        Class<?> fromJar = classInJarWithVersion("3.4.5");
        Properties build = new Properties();
        build.setProperty("version", "6.0.0");
        assertThat(ApplicationVersion.of(new BuildProperties(build), fromJar)).isEqualTo("6.0.0");
        assertThat(ApplicationVersion.of(null, fromJar)).isEqualTo("3.4.5");
        assertThat(ApplicationVersion.of(new BuildProperties(new Properties()), fromJar)).isEqualTo("3.4.5");
        assertThat(ApplicationVersion.of(null, ApplicationVersionTest.class)).as("a class from a directory").isEmpty();
        assertThat(ApplicationVersion.of(null, null)).isEmpty();
    }

    /** This test's TestService class, copied into a jar whose manifest says {@code version}, and loaded from it. */
    private Class<?> classInJarWithVersion(String version) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        String entry = TestService.class.getName().replace('.', '/') + ".class";
        Path jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(TestService.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
            out.closeEntry();
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                // the class from the jar; what it refers to (Spring's annotations) from the tests' class path
                return name.equals(TestService.class.getName()) ? super.loadClass(name, resolve)
                        : TestService.class.getClassLoader().loadClass(name);
            }
        };
        Class<?> c = loader.loadClass(TestService.class.getName());
        assertThat(c.getClassLoader()).isSameAs(loader);
        return c;
    }
}
