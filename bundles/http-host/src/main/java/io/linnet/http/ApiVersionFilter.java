package io.linnet.http;

import io.linnet.api.model.ApiVersion;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;

/**
 * Strips the optional {@code /v1.xx} prefix before routing, so every resource answers with and
 * without it, and refuses versions outside 1.24–1.43 with dockerd's 400. The negotiated version
 * is left in the request property {@value #API_VERSION} for endpoints whose answer depends on it.
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
final class ApiVersionFilter implements ContainerRequestFilter {
    static final String API_VERSION = "linnet.apiVersion";

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        ApiVersion.Prefixed prefixed = ApiVersion.splitPath(uri.getRawPath());
        ApiVersion version;
        try {
            version = ApiVersion.negotiate(prefixed.requested());
        } catch (IllegalArgumentException e) {
            request.abortWith(ErrorResponses.of(400, e.getMessage()));
            return;
        }
        request.setProperty(API_VERSION, version);
        if (prefixed.requested().isPresent()) {
            URI routed = UriBuilder.fromUri(uri).replacePath(null).path(prefixed.path()).build();
            request.setRequestUri(request.getUriInfo().getBaseUri(), routed);
        }
    }
}
