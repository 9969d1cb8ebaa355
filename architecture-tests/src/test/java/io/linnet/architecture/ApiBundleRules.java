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

    /**
     * api-model holds no host policy: no string constant names a host path (masked paths, default
     * mounts, runtime or socket locations are the engine's). Endpoint routes ("/containers") are no host paths.
     */
    static final ArchRule MODEL_HOLDS_NO_HOST_PATHS = classes().that().resideInAPackage("io.linnet.api.model..")
            .should(notNameHostPaths())
            .because("api-model is Docker's wire types; host paths and policy are the engine's");

    static final List<ArchRule> ALL = List.of(NO_HOST_FILES, NO_PROCESSES, NO_PROC_OR_SYS, MODEL_IS_WIRE_TYPES,
            MODEL_HOLDS_NO_HOST_PATHS);

    /** Where a host's own files live; a constant naming one of these (or a path under it) is host policy. */
    private static final List<String> HOST_DIRECTORIES = List.of("/proc", "/sys", "/dev", "/etc", "/var", "/run",
            "/usr", "/bin", "/sbin", "/lib", "/tmp", "/opt", "/home", "/root", "/mnt");

    static ArchCondition<JavaClass> notNameHostPaths() {
        return constantsWhere("not name a host path in a string constant", ApiBundleRules::namesHostPath);
    }

    /** "/etc/hosts", "/var/lib/docker", "/dev" (a directory of the host, or a path under it). */
    static boolean namesHostPath(String constant) {
        return HOST_DIRECTORIES.stream().anyMatch(d -> constant.equals(d) || constant.startsWith(d + "/"));
    }

    static ArchCondition<JavaClass> notNameProcOrSys() {
        return constantsWhere("not name /proc or /sys in a string constant", ApiBundleRules::namesProcOrSys);
    }

    /** A condition that no string constant of a class is one that {@code forbidden} picks. */
    private static ArchCondition<JavaClass> constantsWhere(String description,
            java.util.function.Predicate<String> forbidden) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getSource().ifPresent(source -> {
                    for (String constant : StringConstants.of(source.getUri())) {
                        if (forbidden.test(constant)) {
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
