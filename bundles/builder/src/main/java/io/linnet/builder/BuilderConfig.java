package io.linnet.builder;

/** The part of the daemon configuration (PID io.linnet.daemon) the builder reads. */
public @interface BuilderConfig {
    /** The daemon's data root; contexts and cache metadata live in {@code <dataRoot>/builder}. */
    String dataRoot() default "/var/lib/linnet";
}
