package io.linnet.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules hold for the endpoint bundles and api-model, and each rule catches what it names. */
class ApiBundleRulesTest {
    /** The packages of every api-* bundle: a bundle missing from the class path must not pass unseen. */
    private static final Set<String> API_BUNDLE_PACKAGES = Set.of("io.linnet.api.build", "io.linnet.api.containers",
            "io.linnet.api.exec", "io.linnet.api.images", "io.linnet.api.model", "io.linnet.api.networks",
            "io.linnet.api.system", "io.linnet.api.volumes");

    private static JavaClasses api;

    @BeforeAll
    static void importApiBundles() {
        api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.linnet.api");
    }

    @Test
    void everyApiBundleIsChecked() {
        Set<String> packages = api.stream().map(JavaClass::getPackageName)
                .filter(p -> API_BUNDLE_PACKAGES.stream().anyMatch(b -> p.equals(b) || p.startsWith(b + ".")))
                .map(p -> API_BUNDLE_PACKAGES.stream().filter(b -> p.equals(b) || p.startsWith(b + ".")).findFirst()
                        .orElseThrow())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(API_BUNDLE_PACKAGES), packages);
    }

    @Test
    void apiBundlesTouchNoHostFiles() {
        ApiBundleRules.NO_HOST_FILES.check(api);
    }

    @Test
    void apiBundlesStartNoProcesses() {
        ApiBundleRules.NO_PROCESSES.check(api);
    }

    @Test
    void apiBundlesNameNeitherProcNorSys() {
        ApiBundleRules.NO_PROC_OR_SYS.check(api);
    }

    @Test
    void apiModelIsWireTypesOnly() {
        ApiBundleRules.MODEL_IS_WIRE_TYPES.check(api);
    }

    @Test
    void apiModelHoldsNoHostPaths() {
        ApiBundleRules.MODEL_HOLDS_NO_HOST_PATHS.check(api);
    }

    @Test
    void eachRuleCatchesWhatItNames() {
        JavaClasses offenders = new ClassFileImporter().importClasses(io.linnet.api.fixtures.ReadsHostFacts.class,
                io.linnet.api.fixtures.StartsProcesses.class, io.linnet.api.model.fixtures.KnowsTheEngine.class,
                io.linnet.api.model.fixtures.KnowsTheHost.class);
        for (ArchRule rule : ApiBundleRules.ALL) {
            assertThrows(AssertionError.class, () -> rule.check(offenders), rule.getDescription());
        }
    }

    @Test
    void hostPathsAreDirectoriesOfTheHostAndWhatIsUnderThem() {
        assertTrue(ApiBundleRules.namesHostPath("/etc/hosts"));
        assertTrue(ApiBundleRules.namesHostPath("/dev"));
        assertFalse(ApiBundleRules.namesHostPath("/devices"));
        assertFalse(ApiBundleRules.namesHostPath("/containers/json"));
        assertFalse(ApiBundleRules.namesHostPath("/system/df"));
    }

    @Test
    void procAndSysAreNamedOnlyAsPaths() {
        assertTrue(ApiBundleRules.namesProcOrSys("/proc/self/fd"));
        assertTrue(ApiBundleRules.namesProcOrSys("/sys"));
        assertFalse(ApiBundleRules.namesProcOrSys("/system/df"));
        assertFalse(ApiBundleRules.namesProcOrSys("/sysctls"));
    }
}
