package io.linnet.engine.api.system;

/** System facts of the engine: what `docker version` and `docker info` report. */
public interface SystemService {

    /** Facts about the daemon, its host and its runtime components. */
    EngineInfo engineInfo();

    /** Current counts of containers and images, read from containerd. */
    ObjectCounts counts();

    /** Open file descriptors of the daemon's process ({@code docker info}'s NFd). */
    int openFileDescriptors();
}
