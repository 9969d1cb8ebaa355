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
}
