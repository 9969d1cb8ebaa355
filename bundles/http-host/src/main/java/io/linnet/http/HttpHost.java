package io.linnet.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP side: Jetty listening on the configured sockets, serving a Jersey application
 * made of every JAX-RS resource that endpoint bundles register as an OSGi service with
 * {@value #RESOURCE_PROPERTY}{@code =true}. When such a service comes or goes the application is
 * rebuilt and swapped in; Jetty itself never restarts.
 */
@Component(immediate = true, service = {}, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class HttpHost {
    public static final String RESOURCE_PROPERTY = "linnet.jaxrs.resource";
    private static final Logger LOG = LoggerFactory.getLogger(HttpHost.class);
    // Bundles start one after another at boot: gather their resources into one rebuild.
    private static final long REBUILD_DELAY_MS = 40;

    private final Map<Long, Object> resources = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService rebuilds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "linnet-app-rebuild");
        t.setDaemon(true);
        return t;
    });
    private final ApplicationSwitch applications = new ApplicationSwitch();
    private final List<Path> unixSockets = new ArrayList<>();
    private final ApplicationFactory factory;
    private final Server server;
    private final BundleContext context;
    private ScheduledFuture<?> pendingRebuild;

    @Activate
    public HttpHost(BundleContext context, HttpHostConfig config) throws Exception {
        this.context = context;
        this.factory = new ApplicationFactory(engineVersion(context.getBundle().getVersion()));
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("linnet-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        for (String host : config.hosts().split(",")) {
            if (!host.isBlank()) {
                addConnector(ListenAddress.parse(host), http);
            }
        }
        server.setHandler(applications);
        server.setStopTimeout(2000);
        server.start();
        Set<PosixFilePermission> mode = SocketModes.parse(config.socketMode());
        for (Path socket : unixSockets) {
            Files.setPosixFilePermissions(socket, mode);
            LOG.info("API listening on unix://{}", socket);
        }
        scheduleRebuild();
    }

    private void addConnector(ListenAddress address, HttpConfiguration http) throws IOException {
        if (address instanceof ListenAddress.Unix unix) {
            Path path = unix.path().toAbsolutePath();
            Files.createDirectories(path.getParent());
            removeStaleSocket(path);
            UnixDomainServerConnector connector =
                    new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
            connector.setUnixDomainPath(path);
            server.addConnector(connector);
            unixSockets.add(path);
        } else if (address instanceof ListenAddress.Tcp tcp) {
            if (!tcp.isLoopback()) {
                // TLS is not offered yet; an open Docker API on the network is root for anyone.
                throw new IllegalArgumentException("refusing to listen on tcp://" + tcp.host() + ":" + tcp.port()
                        + " without TLS: only loopback addresses may be served over plain TCP");
            }
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(tcp.host());
            connector.setPort(tcp.port());
            server.addConnector(connector);
            LOG.info("API listening on tcp://{}:{}", tcp.host(), tcp.port());
        }
    }

    /** A socket file left by a daemon that died is removed; one that still answers is someone's. */
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("another daemon is already listening on " + path);
        } catch (IOException refused) {
            if (refused.getMessage() != null && refused.getMessage().startsWith("another daemon")) {
                throw refused;
            }
            Files.deleteIfExists(path);
        }
    }

    @Reference(service = Object.class, target = "(" + RESOURCE_PROPERTY + "=true)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindResource(Object resource, Map<String, Object> properties) {
        resources.put((Long) properties.get(Constants.SERVICE_ID), resource);
        scheduleRebuild();
    }

    void unbindResource(Object resource, Map<String, Object> properties) {
        resources.remove((Long) properties.get(Constants.SERVICE_ID));
        scheduleRebuild();
    }

    private synchronized void scheduleRebuild() {
        if (shuttingDown()) {
            return;
        }
        if (rebuilds.isShutdown() || (pendingRebuild != null && !pendingRebuild.isDone()
                && pendingRebuild.getDelay(TimeUnit.MILLISECONDS) > 0)) {
            return;
        }
        pendingRebuild = rebuilds.schedule(this::rebuild, REBUILD_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private void rebuild() {
        List<Object> snapshot = List.copyOf(resources.values());
        long start = System.nanoTime();
        try {
            ServedApplication app = factory.build(snapshot, server);
            applications.switchTo(app);
            LOG.info("serving {} resources (application built in {} ms)", snapshot.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            // Keep serving the previous application rather than none.
            LOG.error("could not build the API application from {} resources", snapshot.size(), e);
        }
    }

    /** While the framework stops, endpoint bundles leave one by one: no point rebuilding for each. */
    private boolean shuttingDown() {
        try {
            return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == org.osgi.framework.Bundle.STOPPING;
        } catch (IllegalStateException contextGone) {
            return true;
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        rebuilds.shutdownNow();
        try {
            server.stop();
        } finally {
            for (Path socket : unixSockets) {
                Files.deleteIfExists(socket);
            }
        }
    }

    private static String engineVersion(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }
}
