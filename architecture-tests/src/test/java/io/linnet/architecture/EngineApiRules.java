package io.linnet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.function.Predicate;

/**
 * What the engine's service interfaces (engine-api) may not ask of their callers: an endpoint hands
 * over the client's filters as typed values ({@code PruneFilter}, {@code BuildCachePruneFilter})
 * and the engine decides what they select, so a predicate built by an endpoint has no way in.
 */
final class EngineApiRules {
    /** The one exception: an events subscriber's filter (api-system's EventFilter), still to move. */
    private static final String EVENT_SERVICE = "io.linnet.engine.api.event.EventService";

    private EngineApiRules() {
    }

    static final ArchRule SELECTION_IS_THE_ENGINES = methods().that().areDeclaredInClassesThat()
            .resideInAPackage("io.linnet.engine.api..")
            .and().areDeclaredInClassesThat().areInterfaces()
            .and().areDeclaredInClassesThat().doNotHaveFullyQualifiedName(EVENT_SERVICE)
            .should(takeNoPredicate())
            .because("endpoints only translate: the engine applies the filters it is given as values");

    private static ArchCondition<JavaMethod> takeNoPredicate() {
        return new ArchCondition<>("take no java.util.function.Predicate") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                if (method.getRawParameterTypes().stream().anyMatch(t -> t.isAssignableTo(Predicate.class))) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " takes a predicate"));
                }
            }
        };
    }
}
