package io.linnet.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.launch.Framework;
import sun.misc.Signal;

/** {@code linnetd}: parses dockerd-style flags and daemon.json, then runs the OSGi framework. */
public final class Main {
    private static final Path DEFAULT_CONFIG = Path.of("/etc/linnet/daemon.json");
    /** The bundle that serves the API (http-host). */
    private static final String API_HOST = "io.linnet.http-host";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminClient.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        DaemonOptions options;
        ConfigReload reload;
        try {
            Map<String, Object> flags = CommandLine.parse(args);
            if (flags.containsKey("help")) {
                System.out.print(CommandLine.HELP);
                return;
            }
            Object named = flags.get("config-file");
            Path configFile = named == null ? DEFAULT_CONFIG : Path.of((String) named);
            Map<String, Object> file = DaemonConfigFile.load(configFile, named != null, flags);
            options = DaemonOptions.merge(flags, file);
            reload = new ConfigReload(flags, configFile, named != null, options.execRoot().resolve("conf"), file);
        } catch (IllegalArgumentException e) {
            System.err.println("linnetd: " + e.getMessage());
            System.exit(1);
            return;
        }
        Logging.configure(options.debug(), options.logLevel());
        System.exit(run(options, reload));
    }

    private static int run(DaemonOptions options, ConfigReload reload) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("linnetd");
        long started = System.nanoTime();
        PidFile pid;
        Framework framework;
        SocketGroup socketGroup;
        try {
            socketGroup = SocketGroup.of(options);
            DefaultBridge.check(options.bridge(), Path.of("/sys/class/net"));
            DaemonRoots.prepare(options.dataRoot(), options.execRoot());
            pid = PidFile.create(options.pidFile());
        } catch (Exception e) {
            log.error("cannot start: {}", e.getMessage());
            return 1;
        }
        try {
            framework = new FelixLauncher(home(), options).start();
        } catch (Exception e) {
            log.error("cannot start the OSGi framework", e);
            pid.remove();
            return 1;
        }
        log.info("linnetd started in {} ms (data-root {}, exec-root {}, containerd {})",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), options.dataRoot(),
                options.execRoot(), options.managedContainerd() ? "managed" : options.containerd());
        try {
            socketGroup.applyWhenListening(framework.getBundleContext());
        } catch (Exception e) {
            log.warn("cannot watch for the API to set its sockets' group: {}", e.getMessage());
        }
        try {
            SystemdNotify.readyWhenListening(framework.getBundleContext());
        } catch (Exception e) {
            log.warn("cannot watch for the API to tell systemd: {}", e.getMessage());
        }
        Runnable stop = () -> {
            SystemdNotify.stopping();
            stopApiFirst(framework);
            try {
                framework.stop();
            } catch (Exception e) {
                log.warn("stopping the framework failed", e);
            }
        };
        // SIGTERM and SIGINT stop the bundles in order (sockets removed, managed containerd stopped).
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Signal.handle(new Signal("INT"), s -> stop.run());
        // SIGHUP reloads daemon.json's live settings, as dockerd (ExecReload in the systemd unit)
        Signal.handle(new Signal("HUP"), s -> reload.reload());
        try {
            framework.waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pid.remove();
        log.info("linnetd stopped");
        return 0;
    }

    private static Path home() {
        String home = System.getProperty("linnet.home");
        if (home != null) {
            return Path.of(home);
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * The API stops before anything else, whatever the start levels: its streams end as finished
     * responses while the engine still answers, and no request reaches an engine that is going.
     */
    private static void stopApiFirst(Framework framework) {
        for (org.osgi.framework.Bundle bundle : framework.getBundleContext().getBundles()) {
            if (API_HOST.equals(bundle.getSymbolicName())) {
                try {
                    bundle.stop(org.osgi.framework.Bundle.STOP_TRANSIENT);
                } catch (org.osgi.framework.BundleException | IllegalStateException e) {
                    org.slf4j.LoggerFactory.getLogger("linnetd").warn("stopping the API first failed: {}", e.toString());
                }
            }
        }
    }
}
