package io.choria.lifecycle.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout of docs/architecture.md, kept by the build: no cycle between any two packages, and
 * each module imports only the modules below it. The command line's class path holds every
 * module but lifecycle-cloudevents (a leaf over core) and the benchmarks, so all of them are read here.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void read() {
        // test classes come as target/test-classes in a reactor build, and as the modules' test jars
        // (lifecycle-core-*-tests.jar) from the local repository when this module is built alone
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.choria.lifecycle");
    }

    @Test
    void everyModuleIsRead() {
        for (String p : new String[] {"io.choria.lifecycle", "io.choria.lifecycle.machine", "io.choria.lifecycle.nats",
                "io.choria.lifecycle.nats.election", "io.choria.lifecycle.tally", "io.choria.lifecycle.tally.web",
                "io.choria.lifecycle.simulator", "io.choria.lifecycle.natsserver", "io.choria.lifecycle.cli.command"}) {
            assertThat(classes.that(com.tngtech.archunit.base.DescribedPredicate.describe(p,
                    c -> c.getPackageName().equals(p)))).as(p).isNotEmpty();
        }
    }

    /** The shaded jar is made of this class path's runtime part: the Spring Boot starter stays beside it (demo runs its example as a JVM of its own). */
    @Test
    void theCommandLineHoldsNoSpringFrameworkOrSpringBoot() {
        for (String c : new String[] {"org.springframework.context.ApplicationContext", "org.springframework.boot.SpringApplication",
                "io.choria.lifecycle.spring.LifecycleAgentAutoConfiguration"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName(c)).as(c)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.choria.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void coreImportsNoOtherModule() {
        noClasses().that().resideInAnyPackage("io.choria.lifecycle", "io.choria.lifecycle.machine", "io.choria.lifecycle.internal")
                .should().dependOnClassesThat().resideInAnyPackage("io.choria.lifecycle.nats..", "io.choria.lifecycle.tally..",
                        "io.choria.lifecycle.simulator..", "io.choria.lifecycle.natsserver..", "io.choria.lifecycle.cli..",
                        "io.nats..")
                .check(classes);
    }

    @Test
    void natsImportsOnlyCore() {
        noClasses().that().resideInAPackage("io.choria.lifecycle.nats..")
                .should().dependOnClassesThat().resideInAnyPackage("io.choria.lifecycle.tally..",
                        "io.choria.lifecycle.simulator..", "io.choria.lifecycle.natsserver..", "io.choria.lifecycle.cli..")
                .check(classes);
    }

    @Test
    void theTallyImportsNoSimulatorLauncherOrCommandLine() {
        noClasses().that().resideInAPackage("io.choria.lifecycle.tally..")
                .should().dependOnClassesThat().resideInAnyPackage("io.choria.lifecycle.simulator..",
                        "io.choria.lifecycle.natsserver..", "io.choria.lifecycle.cli..")
                .check(classes);
    }

    @Test
    void theTallysWebSideKnowsTheTallyOnlyThroughItsOwnInterfaces() {
        noClasses().that().resideInAPackage("io.choria.lifecycle.tally.web")
                .should().dependOnClassesThat().resideInAPackage("io.choria.lifecycle.tally")
                .check(classes);
    }

    @Test
    void theSimulatorAndTheLauncherImportOnlyCore() {
        noClasses().that().resideInAnyPackage("io.choria.lifecycle.simulator..", "io.choria.lifecycle.natsserver..")
                .should().dependOnClassesThat().resideInAnyPackage("io.choria.lifecycle.nats..", "io.choria.lifecycle.tally..",
                        "io.choria.lifecycle.cli..")
                .check(classes);
    }

    @Test
    void commandsDoNotReachBackToTheRootCommand() {
        noClasses().that().resideInAnyPackage("io.choria.lifecycle.cli.command..", "io.choria.lifecycle.cli.bench..",
                        "io.choria.lifecycle.cli.demo..", "io.choria.lifecycle.cli.option..", "io.choria.lifecycle.cli.process..")
                .should().dependOnClassesThat().resideInAPackage("io.choria.lifecycle.cli")
                .check(classes);
    }
}
