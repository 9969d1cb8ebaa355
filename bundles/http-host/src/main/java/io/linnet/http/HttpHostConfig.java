package io.linnet.http;

/** The part of the daemon configuration (PID io.linnet.daemon) the HTTP host reads. */
public @interface HttpHostConfig {
    /** Comma-separated -H addresses. */
    String hosts() default "unix:///run/linnet.sock";

    /** Octal permissions of UNIX sockets. */
    String socketMode() default "0660";
}
