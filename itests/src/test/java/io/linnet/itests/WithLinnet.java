package io.linnet.itests;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end test class against one assembled daemon: {@link LinnetExtension} starts linnetd in
 * a fresh temporary root (socket, data and exec roots, managed containerd) before the class, loads
 * the test busybox as {@code busybox:latest}, optionally starts a local registry, removes the
 * containers each test leaves, and after the class stops the daemon and every process it started
 * and deletes its root, also when a test or the set-up failed.
 *
 * <pre>
 * &#64;WithLinnet
 * class SomethingEndToEndIT {
 *     &#64;WithLinnet.Inject
 *     static LinnetDaemon daemon;
 *
 *     &#64;Test
 *     void runs() throws Exception {
 *         daemon.docker("run", "--rm", "busybox", "true").assertSuccess();
 *     }
 * }
 * </pre>
 *
 * A {@link LinnetDaemon}, {@link DockerCli} (for that daemon) or {@link LocalRegistry} comes into
 * fields marked {@link Inject} (static or not) and into parameters of tests, constructors and
 * {@code @BeforeAll}/{@code @BeforeEach} methods.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LinnetExtension.class)
public @interface WithLinnet {
    /** Load the test busybox (see {@link TestImages}) as {@code busybox:latest} before the first test. */
    boolean busybox() default true;

    /**
     * The text of the busybox's {@code /etc/marker} (it makes the image ID); empty: the class's
     * simple name without {@code EndToEndIT}, lower case ({@code ArchiveEndToEndIT}: "archive").
     */
    String busyboxMarker() default "";

    /** Start an open {@link LocalRegistry} on a free loopback port (the daemon pulls from it as insecure). */
    boolean registry() default false;

    /** More linnetd command-line arguments ({@code --bip}, {@code --registry-mirror}, ...). */
    String[] args() default {};

    /**
     * The name of a static method of the test class, run before the daemon starts, that returns
     * more linnetd arguments as a {@code String[]} or {@code List<String>}: for arguments known
     * only at run time (the address of a registry the method starts).
     */
    String argsFrom() default "";

    /**
     * The system property that names the runnable folder to start ({@code bin/linnetd}); the default,
     * {@code linnet.distribution}, is Linnet's own distribution.
     */
    String distribution() default "linnet.distribution";

    /** Remove every container, running or not, after each test: each test leaves the daemon as it found it. */
    boolean removeContainers() default true;

    /** Marks a field that receives the class's {@link LinnetDaemon}, {@link DockerCli} or {@link LocalRegistry}. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Inject {
    }
}
