package io.linnet.engine.testing;

/**
 * One in-memory engine: the fake services wired to each other as the real ones are (containers
 * resolve their image, execs their container, counts read both).
 */
public final class FakeEngine {
    private final FakeImageService images = new FakeImageService();
    private final FakeContainerService containers = new FakeContainerService(images);
    private final FakeExecService execs = new FakeExecService(containers);
    private final FakeContainerFiles files = new FakeContainerFiles(containers);
    private final FakeContainerMonitor monitor = new FakeContainerMonitor(containers);
    private final FakeVolumeService volumes = new FakeVolumeService();
    private final FakeNetworkService networks = new FakeNetworkService();
    private final FakeEventService events = new FakeEventService();
    private final FakeRegistry registry = new FakeRegistry();
    private final FakeBuilder builder = new FakeBuilder(images, containers);
    private final FakeSystemService system = new FakeSystemService(containers, images, volumes, builder);

    /**
     * Empties every service (the networks keep the predefined ones): a test class serves one
     * application for all its tests, which is what keeps them fast, and starts each on a clean engine.
     */
    public void reset() {
        images.reset();
        containers.reset();
        execs.reset();
        files.reset();
        volumes.reset();
        networks.reset();
        system.reset();
        events.reset();
        registry.reset();
        builder.reset();
    }

    public FakeImageService images() {
        return images;
    }

    public FakeContainerService containers() {
        return containers;
    }

    public FakeExecService execs() {
        return execs;
    }

    public FakeContainerFiles files() {
        return files;
    }

    public FakeContainerMonitor monitor() {
        return monitor;
    }

    public FakeVolumeService volumes() {
        return volumes;
    }

    public FakeNetworkService networks() {
        return networks;
    }

    public FakeSystemService system() {
        return system;
    }

    public FakeEventService events() {
        return events;
    }

    public FakeRegistry registry() {
        return registry;
    }

    public FakeBuilder builder() {
        return builder;
    }
}
