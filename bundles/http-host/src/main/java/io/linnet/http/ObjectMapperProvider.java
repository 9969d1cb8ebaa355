package io.linnet.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;

/** Request and response bodies with the daemon's one Jackson configuration ({@code DockerJson}). */
final class ObjectMapperProvider implements ContextResolver<ObjectMapper> {
    private final ObjectMapper mapper = io.linnet.api.model.json.DockerJson.newMapper();

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
