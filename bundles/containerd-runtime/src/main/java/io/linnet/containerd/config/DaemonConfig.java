package io.linnet.containerd.config;

/**
 * The keys of configuration {@code io.linnet.daemon} this bundle reads (values arrive as strings;
 * DS converts "true"/"false"). Other bundles read other keys of the same configuration.
 */
public @interface DaemonConfig {

    String dataRoot() default RuntimeSettings.DEFAULT_DATA_ROOT;

    String execRoot() default RuntimeSettings.DEFAULT_EXEC_ROOT;

    /** A UNIX socket path, with or without {@code unix://}; empty means a containerd managed by the daemon. */
    String containerdAddress() default "";

    String containerdNamespace() default RuntimeSettings.DEFAULT_NAMESPACE;

    boolean debug() default false;

    // what every new container gets unless it says otherwise: see EngineDefaults

    String logDriver() default "json-file";

    /** A JSON object of strings. */
    String logOpts() default "{}";

    /** {@code name=soft:hard}, comma separated. */
    String defaultUlimits() default "";

    long defaultShmSize() default EngineDefaults.DEFAULT_SHM_SIZE;

    /** "host", "private", or "" for the host's default. */
    String defaultCgroupnsMode() default "";

    String defaultRuntime() default "runc";

    /** A JSON object: runtime name to the binary containerd's runc shim runs. */
    String runtimes() default "{}";

    /** Whether running containers outlive the daemon (else SIGTERM stops them within shutdownTimeout). */
    boolean liveRestore() default false;

    int shutdownTimeout() default 15;

    /** The cgroup containers' cgroups go under; "" for {@value EngineDefaults#DEFAULT_CGROUP_PARENT}. */
    String cgroupParent() default "";

    /** Whether containers that say nothing about it run with an init (dockerd's init). */
    boolean init() default false;

    /** The init binary for --init; "" for the first static init the host has. */
    String initPath() default "";
}
