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
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * Starts Apache Felix with the distribution's bundles. The daemon's settings reach the bundles
 * through ConfigAdmin: they are written as a configuration file that Felix FileInstall loads,
 * and bundles dropped into {@code deploy/} are installed live by the same FileInstall.
 */
final class FelixLauncher {
    /** The configuration PID every engine and host component reads. */
    static final String DAEMON_PID = "io.linnet.daemon";

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

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, options.execRoot().resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Logging is the launcher's: bundles see the same SLF4J as Jetty and the launcher.
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, Slf4jExports.packages());
        props.put("felix.fileinstall.dir", conf + "," + home.resolve("deploy"));
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.poll", "1000");
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("felix.fileinstall.log.level", options.debug() ? "4" : "1");
        props.put("felix.log.level", options.debug() ? "3" : "1");
        props.put("linnet.home", home.toString());

        Framework framework = new FrameworkFactory().newFramework(props);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
            }
        }
        framework.start();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        return framework;
    }

    private void writeDaemonConfiguration(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("hosts", String.join(",", options.hosts()));
        p.setProperty("dataRoot", options.dataRoot().toString());
        p.setProperty("execRoot", options.execRoot().toString());
        p.setProperty("containerdAddress", options.containerd());
        p.setProperty("containerdNamespace", options.containerdNamespace());
        p.setProperty("debug", Boolean.toString(options.debug()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "written by linnetd at start; edits are overwritten");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
