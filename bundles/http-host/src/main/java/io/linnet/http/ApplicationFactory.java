package io.linnet.http;

import jakarta.ws.rs.ext.RuntimeDelegate;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.jetty.JettyHttpContainerProvider;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** Builds and starts a Jersey application from a set of resource objects and the host's providers. */
final class ApplicationFactory {
    // Jersey warns that each resource object "is not a provider" when registered as an instance;
    // it is registered as a resource all the same. Held here so the level setting is not collected.
    private static final java.util.logging.Logger PROVIDER_CHECKS = quiet("org.glassfish.jersey.internal.inject.Providers");
    // Jersey warns that its DataSource writer is unavailable: jakarta.activation is not installed, on purpose.
    private static final java.util.logging.Logger DEFAULT_PROVIDERS =
            quiet("org.glassfish.jersey.message.internal.MessagingBinders");
    // A client gone before its response was written is a DEBUG line, not Jersey's SEVERE stack trace.
    private static final java.util.logging.Logger RESPONSE_WRITING = ClientGoneLogFilter.install();

    private final String engineVersion;
    private final Hijacks hijacks;
    private final HostStopActions stopActions;
    private final SwapWindow swap;

    /** A factory for a host without live administration (tests, the in-memory API). */
    ApplicationFactory(String engineVersion, Hijacks hijacks) {
        this(engineVersion, hijacks, new HostStopActions(), new SwapWindow());
    }

    ApplicationFactory(String engineVersion, Hijacks hijacks, HostStopActions stopActions, SwapWindow swap) {
        this.engineVersion = engineVersion;
        this.hijacks = hijacks;
        this.stopActions = stopActions;
        this.swap = swap;
    }

    ServedApplication build(List<Object> resources, Server server) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // jakarta.ws.rs-api and Jersey look implementations up through the context class loader.
        thread.setContextClassLoader(ResourceConfig.class.getClassLoader());
        try {
            RuntimeDelegate.getInstance();
            ResourceConfig config = new ResourceConfig();
            config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
            config.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
            config.property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
            config.property(ServerProperties.BV_FEATURE_DISABLE, true);
            DockerJsonProvider json = new DockerJsonProvider(io.linnet.api.model.json.DockerJson.newMapper());
            DockerHeadersFilter dockerHeaders = new DockerHeadersFilter(engineVersion);
            config.register(json);
            config.register(new ApiVersionFilter());
            config.register(new ContentTypeFilter());
            config.register(new JsonBodyFeature(JsonBodyFilter.MAX_BYTES));
            config.register(dockerHeaders);
            config.register(new HostStreamSupport(hijacks, stopActions));
            ExceptionMappers.Set mappers = ExceptionMappers.of(swap);
            for (Object mapper : mappers.all()) {
                config.register(mapper);
            }
            for (Object resource : resources) {
                config.register(resource);
            }
            JettyHttpContainer container =
                    new JettyHttpContainerProvider().createContainer(JettyHttpContainer.class, config);
            container.setServer(server);
            container.start();
            return new ServedApplication(container, DirectRoutes.of(resources, json, dockerHeaders, mappers), resources.size());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }
}
