package io.linnet.engine.testing;

import java.lang.reflect.Field;

/**
 * Binds an optional, dynamic Declarative Services reference the way SCR does: by setting the
 * component's annotated field. Endpoints take such services (volumes, build cache, registry)
 * only when a bundle provides them, so a test binds them or leaves them out.
 */
public final class References {
    private References() {
    }

    public static <T> T bind(T component, String field, Object service) {
        try {
            Field f = component.getClass().getDeclaredField(field);
            f.setAccessible(true);
            f.set(component, service);
            return component;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(component.getClass().getSimpleName() + " has no reference field "
                    + field, e);
        }
    }
}
