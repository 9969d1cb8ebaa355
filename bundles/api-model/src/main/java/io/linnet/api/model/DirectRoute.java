package io.linnet.api.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @GET} or {@code @HEAD} resource method that the HTTP host may call straight from
 * Jetty, below Jersey, for the hottest read routes ({@code /_ping}, {@code /containers/json}): Jersey's
 * and HK2's per-request work was most of their CPU. The host serves the same answer, headers and JSON
 * as through Jersey.
 *
 * <p>Such a method has a literal path (no templates), takes only {@code @QueryParam String}
 * parameters and needs no request filter of its own. What it throws is mapped as Jersey maps it. A
 * request out of the ordinary (a body, an API version to refuse) goes to Jersey. It may return an
 * entity (written as JSON) or a {@code Response} whose entity is a {@code String}, JSON or none.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DirectRoute {
}
