package io.choria.lifecycle.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the demo finds the example Spring Boot service: only in a checkout that built it. */
class DemoServiceTest {
    @TempDir
    Path dir;

    @Test
    void aCheckoutThatBuiltTheExampleHasItBesideTheCommandLinesJarOrClasses() throws Exception {
        Files.createDirectories(dir.resolve("lifecycle-cli/target/classes"));
        Files.writeString(dir.resolve("lifecycle-cli/pom.xml"), "<project/>");
        Path jar = dir.resolve("lifecycle-examples/spring-boot-service/target/lifecycle-spring-boot-example.jar");
        assertThat(DemoService.jarInCheckout(dir.resolve("lifecycle-cli/target/choria-lifecycle.jar")))
                .as("not built yet").isEmpty();
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        assertThat(DemoService.jarInCheckout(dir.resolve("lifecycle-cli/target/choria-lifecycle.jar"))).contains(jar);
        assertThat(DemoService.jarInCheckout(dir.resolve("lifecycle-cli/target/classes"))).contains(jar);
    }

    @Test
    void anInstalledPackageHasNone() {
        assertThat(DemoService.jarInCheckout(Path.of("/usr/share/choria-lifecycle/choria-lifecycle.jar"))).isEmpty();
        assertThat(DemoService.jarInCheckout(Path.of("/choria-lifecycle.jar"))).isEmpty();
    }

    @Test
    void theseTestsRunFromACheckoutWhoseBuildMadeTheExample() {
        assertThat(DemoService.jarInCheckout()).as("mvn -B package -DskipTests -pl lifecycle-examples/spring-boot-service -am")
                .isPresent();
    }
}
