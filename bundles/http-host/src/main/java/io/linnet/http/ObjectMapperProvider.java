package io.linnet.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;

/** The one Jackson configuration for request and response bodies. */
final class ObjectMapperProvider implements ContextResolver<ObjectMapper> {
    private final ObjectMapper mapper = io.linnet.api.model.ApiJson.newMapper()
            // Clients send fields of newer or older API versions than the types know.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // Go writes map keys sorted (labels, port maps): so do we, for identical answers.
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
