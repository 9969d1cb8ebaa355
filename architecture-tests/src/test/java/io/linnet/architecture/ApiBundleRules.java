package io.linnet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * What the endpoint bundles (api-*) and api-model may not do: they translate HTTP and Docker's JSON,
 * and the engine services do the rest (DESIGN.md, issue #20). Host files, paths and processes are
 * the engine's.
 */
final class ApiBundleRules {
    /** Every package of an endpoint bundle or of api-model. */
    static final String API_PACKAGES = "io.linnet.api..";

    private ApiBundleRules() {
    }

    /** No file-system access by path: that belongs to the engine (and its confined file layer). */
    static final ArchRule NO_HOST_FILES = noClasses().that().resideInAPackage(API_PACKAGES)
            .should().dependOnClassesThat().resideInAPackage("java.nio.file..")
            .orShould().dependOnClassesThat().belongToAnyOf(java.io.File.class, java.io.FileInputStream.class,
                    java.io.FileOutputStream.class, java.io.FileReader.class, java.io.FileWriter.class,
                    java.io.RandomAccessFile.class)
            .because("endpoint bundles and api-model translate HTTP and JSON; host files are the engine's");

    /** No processes started from an endpoint. */
    static final ArchRule NO_PROCESSES = noClasses().that().resideInAPackage(API_PACKAGES)
            .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class)
            .orShould().callMethod(Runtime.class, "exec", String.class)
            .orShould().callMethod(Runtime.class, "exec", String[].class)
            .because("running programs on the host is the engine's work");

    /** No host facts read from /proc or /sys: the engine reports them. */
    static final ArchRule NO_PROC_OR_SYS = classes().that().resideInAPackage(API_PACKAGES)
            .should(notNameProcOrSys())
            .because("host facts (cgroup version, open files) come from the engine's SystemService");

    /** api-model is Docker's wire types: Java, Jackson and itself, nothing of the engine, OSGi or HTTP. */
    static final ArchRule MODEL_IS_WIRE_TYPES = classes().that().resideInAPackage("io.linnet.api.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                    "java.math..", "java.io..", "java.nio.charset..", "com.fasterxml.jackson..", "io.linnet.api.model..")
            .because("api-model holds Docker's JSON types; policy and host facts are the engine's");

    static final List<ArchRule> ALL = List.of(NO_HOST_FILES, NO_PROCESSES, NO_PROC_OR_SYS, MODEL_IS_WIRE_TYPES);

    static ArchCondition<JavaClass> notNameProcOrSys() {
        return new ArchCondition<>("not name /proc or /sys in a string constant") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getSource().ifPresent(source -> {
                    for (String constant : StringConstants.of(source.getUri())) {
                        if (namesProcOrSys(constant)) {
                            events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                                    + " has the string constant \"" + constant + "\""));
                        }
                    }
                });
            }
        };
    }

    /** "/proc", "/sys" and paths under them; not "/system/df" or "/sysctls". */
    static boolean namesProcOrSys(String constant) {
        return constant.equals("/proc") || constant.equals("/sys") || constant.startsWith("/proc/")
                || constant.startsWith("/sys/");
    }
}
