package io.linnet.api.system;

import io.linnet.api.model.DirectRoute;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.system.InfoResponse;
import io.linnet.api.model.system.VersionResponse;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.system.DaemonSettings;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.LoadedModules;
import io.linnet.engine.api.system.ObjectCounts;
import io.linnet.engine.api.system.SystemService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /version} and {@code GET /info}, answered from the engine's system service. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class SystemResource {
    private final SystemService system;
    private final BuildFacts build;
    /** Registry settings for RegistryConfig; dockerd's defaults when no registry bundle runs. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.linnet.engine.api.registry.RegistryClient registry;
    /** Debug, labels and the API listeners' warnings; dockerd's defaults when no HTTP host says. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DaemonSettings settings;
    /** The features and bundles loaded, for info's Linnet section; none without the admin bundle. */
    private volatile LoadedModules modules;

    private final ReplaceableService<SystemService> systemBinding = new ReplaceableService<>(SystemService.class);

    @Activate
    public SystemResource(BundleContext context) {
        this.system = systemBinding.proxy();
        this.build = BuildFacts.of(context.getBundle());
    }

    /** Over the given services, as bound (tests). */
    public SystemResource(SystemService system, BundleContext context) {
        this(context);
        bindSystem(system);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSystem(SystemService service) {
        systemBinding.bind(service);
    }

    void unbindSystem(SystemService service) {
        systemBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        systemBinding.retire();
    }

    @GET
    @Path("version")
    @DirectRoute
    public VersionResponse version() {
        DaemonSettings daemon = settings;
        return SystemViews.version(build, system.engineInfo(), daemon == null ? SystemViews.DEFAULT_SETTINGS : daemon);
    }

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindModules")
    void bindModules(LoadedModules loaded) {
        modules = loaded;
    }

    void unbindModules(LoadedModules loaded) {
        if (modules == loaded) {
            modules = null;
        }
    }

    @GET
    @Path("info")
    public InfoWithModules info() {
        return InfoWithModules.of(dockerInfo(), modules);
    }

    private InfoResponse dockerInfo() {
        EngineInfo engine = system.engineInfo();
        ObjectCounts counts = system.counts();
        var client = registry;
        DaemonSettings daemon = settings;
        return SystemViews.info(build, engine, counts, system.processState(), client == null
                ? io.linnet.engine.api.registry.RegistryServiceInfo.DEFAULT : client.serviceInfo(),
                daemon == null ? SystemViews.DEFAULT_SETTINGS : daemon);
    }
}
