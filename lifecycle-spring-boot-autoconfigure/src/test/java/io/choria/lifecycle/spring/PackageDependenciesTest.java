package io.choria.lifecycle.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter is a user of the libraries like any other: their exported API only, nothing of the command line. */
class PackageDependenciesTest {
    private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.choria.lifecycle.spring");

    @Test
    void usesOnlyTheLibrariesExportedPackages() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.choria.lifecycle.internal..",
                "io.choria.lifecycle.nats.internal..", "io.choria.lifecycle.cli..", "io.choria.lifecycle.tally..")
                .check(classes);
    }
}
