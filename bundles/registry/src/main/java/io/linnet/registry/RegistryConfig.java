package io.linnet.registry;

/** The part of the daemon configuration (PID io.linnet.daemon) the registry client reads. */
public @interface RegistryConfig {
    /**
     * daemon.json's {@code insecure-registries}, comma separated ("myhost:5000,10.0.0.1"): spoken
     * to in plain HTTP. Loopback registries always are.
     */
    String insecureRegistries() default "";
}
