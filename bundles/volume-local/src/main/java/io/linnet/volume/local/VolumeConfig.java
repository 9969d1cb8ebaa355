package io.linnet.volume.local;

/** The part of the daemon configuration (PID io.linnet.daemon) the volume service reads. */
public @interface VolumeConfig {
    /** The daemon's data root; volumes live in {@code <dataRoot>/volumes}. */
    String dataRoot() default "/var/lib/linnet";
}
