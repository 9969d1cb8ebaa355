package io.linnet.launcher;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * Starts Apache Felix with the bundles of the launched features (see LaunchedFeatures). The daemon's settings reach the bundles
 * through ConfigAdmin: they are written as a configuration file that Felix FileInstall loads,
 * and bundles dropped into {@code deploy/} are installed live by the same FileInstall.
 */
final class FelixLauncher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FelixLauncher.class);
    /** The configuration PID every engine and host component reads. */
    static final String DAEMON_PID = "io.linnet.daemon";
    /** Manifest header of bundles to start before all others. */
    static final String START_FIRST = "Linnet-Start-First";
    /** Service property of the marker that tells the HTTP host every bundle has started. */
    static final String STARTUP_PROPERTY = "linnet.startup";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            io.linnet.api.model.json.DockerJson.newMapper();

    private final Path home;
    private final DaemonOptions options;

    FelixLauncher(Path home, DaemonOptions options) {
        this.home = home;
        this.options = options;
    }

    Framework start() throws IOException, BundleException {
        Path conf = options.execRoot().resolve("conf");
        Files.createDirectories(conf);
        writeDaemonConfiguration(conf.resolve(DAEMON_PID + ".cfg"));
        LiveConfiguration.write(conf, options);

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, options.execRoot().resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Logging is the launcher's: bundles see the same SLF4J as Jetty and the launcher; and its Jackson.
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, Slf4jExports.packages() + "," + JacksonExports.packages());
        props.put("felix.fileinstall.dir", conf + "," + home.resolve("deploy"));
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.poll", "1000");
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("felix.fileinstall.log.level", options.debug() ? "4" : "1");
        props.put("felix.log.level", options.debug() ? "3" : "1");
        props.put("linnet.home", home.toString());
        List<String> features = LaunchedFeatures.names(home);
        props.put("linnet.features", String.join(",", features));

        Framework framework = new FrameworkFactory().newFramework(props);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : LaunchedFeatures.jars(home, features)) {
            installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
        }
        framework.start();
        for (Bundle bundle : startOrder(installed)) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    // One bundle that cannot start must not take the others down with it.
                    LOG.error("bundle {} did not start: {}", bundle.getSymbolicName(), e.getMessage());
                }
            }
        }
        // Every bundle has had its start: the HTTP host may now listen (see HttpHost).
        framework.getBundleContext().registerService(Object.class, new Object(),
                new java.util.Hashtable<>(Map.of(STARTUP_PROPERTY, "complete")));
        return framework;
    }

    /**
     * Libraries (Jersey, HK2, Jetty, SCR...) start first: some of them look their plug-ins up
     * once and cache the answer, so nothing may use them before they are all active. Then
     * Linnet's bundles, those marked Linnet-Start-First (the HTTP host) leading, so the API
     * application is built while slower components (the managed containerd) start.
     */
    static List<Bundle> startOrder(List<Bundle> bundles) {
        List<Bundle> ordered = new ArrayList<>(bundles);
        ordered.sort(java.util.Comparator.comparingInt(FelixLauncher::startRank));
        return ordered;
    }

    private static int startRank(Bundle bundle) {
        String name = bundle.getSymbolicName();
        if (name == null || !name.startsWith("io.linnet.")) {
            return 0;
        }
        return "true".equals(bundle.getHeaders().get(START_FIRST)) ? 1 : 2;
    }

    private void writeDaemonConfiguration(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("hosts", String.join(",", options.hosts()));
        p.setProperty("dataRoot", options.dataRoot().toString());
        p.setProperty("execRoot", options.execRoot().toString());
        p.setProperty("containerdAddress", options.containerd());
        p.setProperty("containerdNamespace", options.containerdNamespace());
        p.setProperty("debug", Boolean.toString(options.debug()));
        // registries, download attempts and the other settings a SIGHUP reloads: see LiveConfiguration
        // the default bridge network (read by network-cni)
        p.setProperty("bip", options.bip());
        p.setProperty("bridge", options.bridge());
        BridgeSettings b = options.bridgeSettings();
        p.setProperty("fixedCidr", b.fixedCidr());
        p.setProperty("ipv6", Boolean.toString(b.ipv6()));
        p.setProperty("fixedCidrV6", b.fixedCidrV6());
        p.setProperty("mtu", Integer.toString(b.mtu()));
        p.setProperty("icc", Boolean.toString(b.icc()));
        p.setProperty("defaultBindingIp", b.ip());
        p.setProperty("iptables", Boolean.toString(b.iptables()));
        p.setProperty("ipForward", Boolean.toString(b.ipForward()));
        if (!b.addressPools().isEmpty()) {
            p.setProperty("defaultAddressPools", String.join(",", b.addressPools()));
        }
        // TLS of the TCP listeners (read by http-host)
        p.setProperty("tls", Boolean.toString(options.tls().enabled()));
        p.setProperty("tlsVerify", Boolean.toString(options.tls().verify()));
        p.setProperty("tlsCaCert", options.tls().caCert());
        p.setProperty("tlsCert", options.tls().cert());
        p.setProperty("tlsKey", options.tls().key());
        // what every new container gets (read by containerd-runtime; the DNS ones by network-cni)
        DaemonDefaults d = options.defaults();
        p.setProperty("logDriver", d.logDriver());
        p.setProperty("logOpts", JSON.writeValueAsString(d.logOpts()));
        p.setProperty("defaultUlimits", String.join(",", d.ulimits()));
        p.setProperty("defaultShmSize", Long.toString(d.shmSize()));
        p.setProperty("defaultCgroupnsMode", d.cgroupnsMode());
        p.setProperty("defaultRuntime", d.defaultRuntime());
        p.setProperty("runtimes", JSON.writeValueAsString(d.runtimes()));
        p.setProperty("dns", String.join(",", d.dns()));
        p.setProperty("dnsOptions", String.join(",", d.dnsOptions()));
        p.setProperty("dnsSearch", String.join(",", d.dnsSearch()));
        p.setProperty("cgroupParent", d.cgroupParent());
        p.setProperty("init", Boolean.toString(d.init()));
        p.setProperty("initPath", d.initPath());
        // info's ExperimentalBuild and /_ping's Docker-Experimental (read by http-host)
        p.setProperty("experimental", Boolean.toString(options.experimental()));
        // what SIGTERM does to running containers (read by containerd-runtime); these and the runtimes, shm size
        // and cgroupns mode are also in the live configuration, which a SIGHUP rewrites and which wins
        p.setProperty("liveRestore", Boolean.toString(options.liveRestore()));
        p.setProperty("shutdownTimeout", Integer.toString(options.shutdownTimeout()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "written by linnetd at start; edits are overwritten");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
