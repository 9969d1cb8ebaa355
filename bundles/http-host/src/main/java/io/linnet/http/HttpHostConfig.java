package io.linnet.http;

/** The part of the daemon configuration (PID io.linnet.daemon) the HTTP host reads. */
public @interface HttpHostConfig {
    /** Comma-separated -H addresses. */
    String hosts() default "unix:///run/linnet.sock";

    /** Octal permissions of UNIX sockets. */
    String socketMode() default "0660";

    /** Whether TCP listeners speak TLS. */
    boolean tls() default false;

    /** Whether a TLS client must show a certificate signed by {@link #tlsCaCert()}. */
    boolean tlsVerify() default false;

    /** PEM file of the CA(s) whose client certificates are accepted. */
    String tlsCaCert() default "";

    /** PEM file of the server's certificate (chain). */
    String tlsCert() default "";

    /** PEM file of the server's private key (PKCS#8, PKCS#1 RSA or SEC1 EC). */
    String tlsKey() default "";
}
