package io.linnet.http;

import io.linnet.api.model.JsonBody;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/** Puts a {@link JsonBodyFilter} in front of every resource method marked {@link JsonBody}. */
final class JsonBodyFeature implements DynamicFeature {
    private final int maxBytes;

    JsonBodyFeature(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        JsonBody marker = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(JsonBody.class);
        if (marker != null) {
            context.register(new JsonBodyFilter(marker.requireJsonType(), maxBytes), Priorities.HEADER_DECORATOR);
        }
    }
}
