package io.linnet.http;

import io.linnet.api.model.ApiVersion;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/** The headers dockerd puts on every answer; clients read API-Version and OSType from any of them. */
final class DockerHeadersFilter implements ContainerResponseFilter {
    private static final String API_VERSION = ApiVersion.CURRENT.toString();
    private final String server;

    DockerHeadersFilter(String engineVersion) {
        this.server = "Linnet/" + engineVersion + " (linux)";
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        forEach(response.getHeaders()::putSingle);
    }

    /** Gives each of the headers, for answers written without Jersey ({@link DirectRoutes}). */
    void forEach(java.util.function.BiConsumer<String, String> header) {
        header.accept("Server", server);
        header.accept("Api-Version", API_VERSION);
        header.accept("Ostype", "linux");
    }
}
