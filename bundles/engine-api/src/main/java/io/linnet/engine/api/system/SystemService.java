package io.linnet.engine.api.system;

/** System facts of the engine: what `docker version` and `docker info` report. */
public interface SystemService {

    /** Facts about the daemon, its host and its runtime components. */
    EngineInfo engineInfo();

    /** Current counts of containers and images, read from containerd. */
    ObjectCounts counts();

    /** What images, containers, volumes and the build cache take on disk; only the kinds asked for. */
    DiskUsage diskUsage(java.util.Set<DiskUsage.Kind> kinds);

    /** The daemon's process now: open descriptors, threads, the host's clock. */
    ProcessState processState();
}
