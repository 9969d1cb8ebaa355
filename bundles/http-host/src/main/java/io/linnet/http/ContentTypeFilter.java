package io.linnet.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * dockerd reads a body whatever its Content-Type says, and clients send odd ones (docker-java sends
 * "APPLICATION_X_TAR" with archives). Jersey refuses a type it cannot parse with an empty 400 before
 * any resource runs, so such a type is replaced by application/octet-stream here.
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
final class ContentTypeFilter implements ContainerRequestFilter {
    /** The Content-Type as the client sent it, for checks that must quote it (see {@link JsonBodyFilter}). */
    static final String ORIGINAL = "linnet.originalContentType";

    @Override
    public void filter(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        request.setProperty(ORIGINAL, type);
        if (type != null && !parses(type)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
        }
    }

    static String original(ContainerRequestContext request) {
        Object type = request.getProperty(ORIGINAL);
        return type instanceof String s ? s : request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    }

    static boolean parses(String type) {
        try {
            MediaType.valueOf(type);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
