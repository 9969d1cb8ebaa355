package io.linnet.engine.api.system;

/** System facts of the engine: what `docker version` and `docker info` report. */
public interface SystemService {

    /** Facts about the daemon, its host and its runtime components. */
    EngineInfo engineInfo();

    /** Current counts of containers and images, read from containerd. */
    ObjectCounts counts();

    /**
     * Open file descriptors of the daemon's process ({@code docker info}'s NFd). A fact of this JVM,
     * the same whichever bundle implements the service, hence the default.
     */
    default int openFileDescriptors() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }
}
