package io.linnet.network.cni;

/** The part of the daemon configuration (PID io.linnet.daemon) networking reads, with dockerd's names. */
public @interface NetworkConfig {
    String dataRoot() default "/var/lib/linnet";

    String execRoot() default "/run/linnet";

    /** The default bridge's gateway address and prefix (dockerd's --bip); beside docker0's 172.17.0.1/16. */
    String bip() default "172.30.0.1/16";

    /** The default bridge's Linux bridge (dockerd's --bridge is docker0). */
    String bridge() default "linnet0";

    /** The part of the default bridge's subnet its containers get addresses from ("" for all of it). */
    String fixedCidr() default "";

    /** The default bridge is dual stack (with fixedCidrV6 as its IPv6 subnet). */
    boolean ipv6() default false;

    String fixedCidrV6() default "";

    /** The default bridge's MTU; 0 for 1500. */
    int mtu() default 0;

    /** Containers on the default bridge reach each other. */
    boolean icc() default true;

    /** The host address {@code -p} binds on the default bridge when it names none. */
    String defaultBindingIp() default "0.0.0.0";

    /** The daemon adds iptables rules (NAT, forwarding, port DNAT); without them ports go through its proxies. */
    boolean iptables() default true;

    /** The daemon turns IP forwarding on; without it the host's setting is left as it was. */
    boolean ipForward() default true;

    /**
     * Pools networks without a subnet get theirs from, "base/prefix/size" comma separated (dockerd's
     * default-address-pools); the default bridge too when {@link #bip()} is "".
     */
    String defaultAddressPools() default "172.31.0.0/16/24";

    /** The daemon's nameservers, options and search domains for containers that set none (comma separated). */
    String dns() default "";

    String dnsOptions() default "";

    String dnsSearch() default "";

    /** Where the CNI plugins are (Debian's containernetworking-plugins). */
    String cniPath() default "/usr/lib/cni";
}
