package io.linnet.http;

import io.linnet.api.model.ApiVersion;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/** The headers dockerd puts on every answer; clients read API-Version and OSType from any of them. */
final class DockerHeadersFilter implements ContainerResponseFilter {
    private final String server;

    DockerHeadersFilter(String engineVersion) {
        this.server = "Linnet/" + engineVersion + " (linux)";
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var headers = response.getHeaders();
        headers.putSingle("Server", server);
        headers.putSingle("Api-Version", ApiVersion.CURRENT.toString());
        headers.putSingle("Ostype", "linux");
    }
}
