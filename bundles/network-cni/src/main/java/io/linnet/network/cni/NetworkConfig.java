package io.linnet.network.cni;

/** The part of the daemon configuration (PID io.linnet.daemon) networking reads, with dockerd's names. */
public @interface NetworkConfig {
    String dataRoot() default "/var/lib/linnet";

    String execRoot() default "/run/linnet";

    /** The default bridge's gateway address and prefix (dockerd's --bip); beside docker0's 172.17.0.1/16. */
    String bip() default "172.30.0.1/16";

    /** The default bridge's Linux bridge (dockerd's --bridge is docker0). */
    String bridge() default "linnet0";

    /** Pools user networks get their subnets from, "base/size" comma separated (dockerd's default-address-pools). */
    String defaultAddressPools() default "172.31.0.0/16/24";

    /** The daemon's nameservers, options and search domains for containers that set none (comma separated). */
    String dns() default "";

    String dnsOptions() default "";

    String dnsSearch() default "";

    /** Where the CNI plugins are (Debian's containernetworking-plugins). */
    String cniPath() default "/usr/lib/cni";
}
