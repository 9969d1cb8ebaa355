package io.linnet.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine's service interfaces take filters as values, and the rule catches one that takes a predicate. */
class EngineApiRulesTest {
    @Test
    void engineServicesTakeNoPredicates() {
        EngineApiRules.SELECTION_IS_THE_ENGINES.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.linnet.engine.api"));
    }

    @Test
    void aServiceTakingAPredicateIsCaught() {
        assertThrows(AssertionError.class, () -> EngineApiRules.SELECTION_IS_THE_ENGINES.check(
                new ClassFileImporter().importClasses(io.linnet.engine.api.fixtures.PrunesByPredicate.class)));
    }
}
