package io.linnet.api.model;

/** How endpoint bundles offer their JAX-RS resources to the HTTP host. */
public final class Whiteboard {
    /**
     * Service property that marks an OSGi service as a JAX-RS resource (or provider) to serve.
     * Resources register under {@code java.lang.Object}, as in the OSGi JAX-RS whiteboard:
     * {@code @Component(service = Object.class, property = Whiteboard.RESOURCE)}.
     */
    public static final String RESOURCE = "linnet.jaxrs.resource=true";

    private Whiteboard() {
    }
}
