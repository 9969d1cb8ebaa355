package io.linnet.http;

import io.linnet.api.model.ApiVersion;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
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
            request.setRequestUri(request.getUriInfo().getBaseUri(), withPath(uri, prefixed.path()));
        }
    }

    /**
     * {@code uri} with its raw path replaced by {@code rawPath} (already encoded), the query kept.
     * Done on the text: Jersey's UriBuilder parses the path as a template, on every request.
     */
    static URI withPath(URI uri, String rawPath) {
        String query = uri.getRawQuery();
        String authority = uri.getRawAuthority();
        StringBuilder s = new StringBuilder(64);
        if (uri.getScheme() != null) {
            s.append(uri.getScheme()).append(':');
        }
        if (authority != null) {
            s.append("//").append(authority);
        }
        s.append(rawPath);
        if (query != null) {
            s.append('?').append(query);
        }
        return URI.create(s.toString());
    }
}
