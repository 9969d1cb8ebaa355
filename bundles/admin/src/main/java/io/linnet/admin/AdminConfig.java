package io.linnet.admin;

/** The part of the daemon configuration (PID io.linnet.daemon) the admin socket reads. */
public @interface AdminConfig {
    String execRoot() default "/run/linnet";
}
