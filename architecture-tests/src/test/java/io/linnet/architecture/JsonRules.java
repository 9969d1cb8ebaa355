package io.linnet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One Jackson configuration for the whole daemon (issue #20): every mapper comes from
 * {@code io.linnet.api.model.json.DockerJson}, so names, unknown fields, map order and read
 * limits are the same wherever JSON is read or written. A place that needs another setting
 * derives it from that mapper and says why.
 */
final class JsonRules {
    /** The factory's package: the only place that may construct a mapper. */
    static final String FACTORY_PACKAGE = "io.linnet.api.model.json";

    private JsonRules() {
    }

    static final ArchRule ONE_MAPPER_CONFIGURATION = noClasses().that().resideOutsideOfPackage(FACTORY_PACKAGE)
            .should().callConstructorWhere(constructs(ObjectMapper.class))
            .because("the daemon has one Jackson configuration: io.linnet.api.model.json.DockerJson.newMapper()");

    /** A constructor call of {@code type} or a subclass (JsonMapper, YAMLMapper, ...). */
    private static DescribedPredicate<JavaConstructorCall> constructs(Class<?> type) {
        return DescribedPredicate.describe("a constructor of " + type.getSimpleName() + " or a subclass",
                call -> call.getTargetOwner().isAssignableTo(type));
    }
}
