package io.linnet.api.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose request body is one JSON document (not a stream). The HTTP host
 * then checks its Content-Type as dockerd's {@code httputils.CheckForJSON} does and refuses a body
 * over its cap before the method runs; the method gets the body already read.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JsonBody {
    /**
     * Whether the body must be sent as application/json. dockerd checks this on every JSON route
     * but {@code POST /auth}; it is what keeps a browser's no-cors POST (text/plain, form types) out.
     */
    boolean requireJsonType() default true;
}
