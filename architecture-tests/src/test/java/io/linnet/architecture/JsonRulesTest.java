package io.linnet.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Every class of the daemon's bundles gets its mapper from DockerJson, and the rule catches one that does not. */
class JsonRulesTest {

    @Test
    void everyMapperComesFromDockerJson() {
        JavaClasses daemon = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.linnet");
        // the engine bundles are on the class path: a rule over the endpoint bundles alone would pass unseen
        assertTrue(daemon.containPackage("io.linnet.containerd.image"), "containerd-runtime is not imported");
        assertTrue(daemon.containPackage("io.linnet.registry"), "registry is not imported");
        JsonRules.ONE_MAPPER_CONFIGURATION.check(daemon);
    }

    @Test
    void aMapperMadeElsewhereIsCaught() {
        JavaClasses offender = new ClassFileImporter().importClasses(io.linnet.fixtures.MakesItsOwnMapper.class);
        assertThrows(AssertionError.class, () -> JsonRules.ONE_MAPPER_CONFIGURATION.check(offender));
    }
}
