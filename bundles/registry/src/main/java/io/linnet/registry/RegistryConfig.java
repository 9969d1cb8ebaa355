package io.linnet.registry;

/** The part of the daemon's live configuration (PID io.linnet.daemon.live, reloaded on SIGHUP) the registry client reads. */
public @interface RegistryConfig {
    /**
     * daemon.json's {@code insecure-registries}, comma separated ("myhost:5000,10.0.0.0/8"): names
     * or networks of registries tried in HTTPS without certificate checks, then in plain HTTP.
     * 127.0.0.0/8 always is.
     */
    String insecureRegistries() default "";

    /**
     * daemon.json's {@code registry-mirrors}, comma separated: tried in order before Docker Hub. The
     * launcher validates and normalizes them at start ("scheme://host[:port]/"), as dockerd does.
     */
    String registryMirrors() default "";
}
