package io.linnet.containerd.system;

import com.google.protobuf.Empty;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerListing;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.GrpcErrors;
import io.linnet.containerd.config.EngineDefaults;
import io.linnet.containerd.config.LiveDefaults;
import io.linnet.containerd.config.RuntimeSettings;
import io.linnet.containerd.host.Commands;
import io.linnet.containerd.image.ImageIds;
import io.linnet.containerd.host.Executables;
import io.linnet.containerd.host.HostFacts;
import io.linnet.containerd.host.RuntimeVersions;
import io.linnet.containerd.proto.images.ImagesGrpc;
import io.linnet.containerd.proto.images.ListImagesRequest;
import io.linnet.containerd.proto.tasks.ListTasksRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.version.VersionGrpc;
import io.linnet.engine.api.UnavailableException;
import io.linnet.engine.api.build.BuildCacheService;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.system.ComponentVersion;
import io.linnet.engine.api.system.DiskUsage;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.ObjectCounts;
import io.linnet.engine.api.system.ProcessState;
import io.linnet.engine.api.system.SystemService;
import io.linnet.engine.api.volume.VolumeService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** `docker version` / `docker info` facts, read from the host, runc and containerd. */
@Component(service = SystemService.class)
public final class ContainerdSystemService implements SystemService {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdSystemService.class);

    static final String STORAGE_DRIVER = "overlayfs"; // containerd's default snapshotter
    static final String CGROUP_DRIVER = "cgroupfs";
    static final String DEFAULT_RUNTIME = "runc";
    /** What dockerd 24 lists for its built-in seccomp profile, which every unprivileged container here gets. */
    static final String SECCOMP_BUILTIN = "name=seccomp,profile=builtin";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final ContainerdConnection containerd;
    private final ImageIds imageIds;

    // facts that do not change while the daemon runs, read on first use
    private volatile HostFacts hostFacts;
    private volatile LocalRuntime localRuntime;
    private volatile Keyed<ComponentVersion> containerdVersion; // by address; unset until containerd answered
    private volatile Keyed<String> engineId; // by data root
    // what system df measures; optional so that version and info answer whatever else runs
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageService images;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerService containers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VolumeService volumes;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BuildCacheService buildCache;

    private final LiveDefaults liveDefaults;

    @Activate
    public ContainerdSystemService(@Reference ContainerdConnection containerd, @Reference LiveDefaults liveDefaults) {
        this.containerd = containerd;
        this.liveDefaults = liveDefaults;
        this.imageIds = new ImageIds(containerd);
    }

    /** With the defaults read at start only. */
    public ContainerdSystemService(ContainerdConnection containerd) {
        this(containerd, LiveDefaults.atStart(containerd));
    }

    @Override
    public EngineInfo engineInfo() {
        RuntimeSettings settings = containerd.settings();
        EngineDefaults defaults = liveDefaults.current(); // as the last SIGHUP left them
        HostFacts host = hostFacts();
        LocalRuntime runtime = localRuntime();
        List<ComponentVersion> components = new ArrayList<>();
        containerdVersion().ifPresent(components::add);
        runtime.runc().ifPresent(components::add);
        runtime.dockerInit().ifPresent(components::add);
        return new EngineInfo(
                engineId(settings.dataRoot()),
                HostFacts.hostname(),
                settings.dataRoot().toString(),
                STORAGE_DRIVER,
                CGROUP_DRIVER,
                host.cgroupVersion(),
                host.kernelVersion(),
                host.operatingSystem(),
                host.osVersion(),
                host.architecture(),
                Runtime.getRuntime().availableProcessors(),
                host.memTotal(),
                defaults.defaultRuntime(),
                runtime.runcPath(),
                settings.namespace(),
                List.copyOf(components),
                securityOptions(host.seccomp(), defaults.privateCgroupns("2".equals(host.cgroupVersion()))),
                defaults.logDriver(),
                runtimes(defaults),
                defaults.liveRestore(),
                defaults.initPath().isEmpty() ? "docker-init" : defaults.initPath());
    }

    /**
     * dockerd's fillSecurityOptions for what Linnet applies: the built-in seccomp profile where the kernel has
     * seccomp, and name=cgroupns when new containers get a private cgroup namespace by default. (No AppArmor
     * profile is applied unless a container asks, no user namespaces, SELinux or no-new-privileges default.)
     */
    static List<String> securityOptions(boolean seccomp, boolean privateCgroupns) {
        List<String> options = new ArrayList<>();
        if (seccomp) {
            options.add(SECCOMP_BUILTIN);
        }
        if (privateCgroupns) {
            options.add("name=cgroupns");
        }
        return List.copyOf(options);
    }

    /**
     * As dockerd 24 lists them: runc under its shim's name and its own, each with the path "runc" (the shim
     * looks it up), then the configured ones with their binaries.
     */
    static java.util.Map<String, String> runtimes(EngineDefaults defaults) {
        java.util.Map<String, String> runtimes = new java.util.LinkedHashMap<>();
        runtimes.put(EngineDefaults.RUNC_SHIM, EngineDefaults.RUNC);
        runtimes.put(EngineDefaults.RUNC, EngineDefaults.RUNC);
        runtimes.putAll(defaults.runtimes());
        return runtimes;
    }

    @Override
    public DiskUsage diskUsage(Set<DiskUsage.Kind> kinds) {
        ImageService i = images;
        ContainerService c = containers;
        if (i == null || c == null) {
            throw new UnavailableException("the image and container services are not running");
        }
        return DiskUsage.measure(kinds, i, c, volumes, buildCache);
    }

    @Override
    public ProcessState processState() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return new ProcessState(fds == null ? 0 : fds.length, Thread.activeCount(), Instant.now());
    }

    @Override
    public ObjectCounts counts() {
        try {
            var containers = ContainerListing.withoutSpecs(containerd, CALL_TIMEOUT.toMillis());
            var tasks = containerd.blocking(TasksGrpc::newBlockingStub)
                    .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .list(ListTasksRequest.getDefaultInstance()).getTasksList();
            var images = containerd.blocking(ImagesGrpc::newBlockingStub)
                    .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .list(ListImagesRequest.getDefaultInstance()).getImagesList();
            return ObjectCounting.count(containers, tasks, images, imageIds::of);
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toEngineException(e, containerd.address());
        }
    }

    /** Asks containerd until it has answered once; a containerd upgrade means a daemon restart anyway. */
    private Optional<ComponentVersion> containerdVersion() {
        String address = containerd.address();
        Keyed<ComponentVersion> cached = containerdVersion;
        if (cached != null && cached.key().equals(address)) {
            return Optional.of(cached.value());
        }
        try {
            var answer = containerd.blocking(VersionGrpc::newBlockingStub)
                    .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .version(Empty.getDefaultInstance());
            ComponentVersion version = new ComponentVersion("containerd", answer.getVersion(), answer.getRevision());
            containerdVersion = new Keyed<>(address, version);
            return Optional.of(version);
        } catch (StatusRuntimeException e) {
            LOG.warn("containerd at {} did not report its version: {}", containerd.address(), e.getStatus());
            return Optional.empty();
        }
    }

    private HostFacts hostFacts() {
        HostFacts facts = hostFacts;
        if (facts == null) {
            facts = HostFacts.read();
            hostFacts = facts;
        }
        return facts;
    }

    private LocalRuntime localRuntime() {
        LocalRuntime runtime = localRuntime;
        if (runtime == null) {
            runtime = LocalRuntime.inspect();
            localRuntime = runtime;
        }
        return runtime;
    }

    private String engineId(Path dataRoot) {
        Keyed<String> id = engineId;
        if (id == null || !id.key().equals(dataRoot.toString())) {
            id = new Keyed<>(dataRoot.toString(), EngineId.loadOrCreate(dataRoot));
            engineId = id;
        }
        return id.value();
    }

    /** A cached value and the setting it was read for (the settings can change in place). */
    private record Keyed<T>(String key, T value) {
    }

    /** runc and the init binary as found on this host. */
    private record LocalRuntime(String runcPath, Optional<ComponentVersion> runc, Optional<ComponentVersion> dockerInit) {

        static LocalRuntime inspect() {
            Optional<Path> runc = Executables.find("runc");
            if (runc.isEmpty()) {
                LOG.warn("runc not found on PATH: containers cannot run");
            }
            Optional<ComponentVersion> runcVersion = runc
                    .flatMap(path -> Commands.output(COMMAND_TIMEOUT, path.toString(), "--version"))
                    .flatMap(RuntimeVersions::parseRunc);
            Optional<ComponentVersion> init = Executables.find("docker-init").or(() -> Executables.find("tini"))
                    .flatMap(path -> Commands.output(COMMAND_TIMEOUT, path.toString(), "--version"))
                    .flatMap(RuntimeVersions::parseTini);
            return new LocalRuntime(runc.map(Path::toString).orElse(DEFAULT_RUNTIME), runcVersion, init);
        }
    }
}
