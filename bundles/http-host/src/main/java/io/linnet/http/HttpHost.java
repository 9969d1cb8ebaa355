package io.linnet.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
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
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
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
    /** Property of the marker service the launcher registers when every bundle has started. */
    public static final String STARTUP_PROPERTY = "linnet.startup";
    public static final String SWAP_PROPERTY = "linnet.swap";
    /** Property of the host's own marker service: how many resources the serving application has. */
    public static final String SERVED_PROPERTY = "linnet.served.resources";
    /** Property of the marker service registered once the API listens. */
    public static final String LISTENING_PROPERTY = "linnet.api.listening";
    private static final long STARTUP_WAIT_MS = 60_000;
    // After the marker: how long components may take to come up (the managed containerd's start)
    private static final long SETTLE_WAIT_MS = 30_000;
    private static final long SETTLE_CHECK_MS = 20;
    private static final long SETTLE_QUIET_MS = 1000;
    /** Buffers above Jetty's usual 64 KiB are allocated for the one use and not kept. */
    private static final int POOLED_BUFFER_MAX_BYTES = 64 * 1024;
    /** Idle buffers kept per kind (heap, direct): enough for a few dozen busy connections. */
    private static final long POOL_MAX_IDLE_BYTES = 4L * 1024 * 1024;
    /**
     * Connections waiting to be accepted, as dockerd's listeners (Go asks for somaxconn). At Jetty's
     * default of 0 the JDK queues 50: two `docker rm` of 50 IDs each were refused connections.
     */
    private static final int ACCEPT_QUEUE = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(HttpHost.class);

    static {
        // Jetty pads its queues to the cache line. Not told how many references fill one, it starts
        // the JMX platform server to ask whether oops are compressed: 275 classes and their memory for
        // one number. 64-byte lines of 4-byte references (compressed, the daemon's heap is far below 32 GB).
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
    }

    // Bundles start one after another at boot: gather their resources into one rebuild.
    private static final long REBUILD_DELAY_MS = 40;
    private static final long RETRY_DELAY_MS = 100;
    private static final int MAX_BUILD_RETRIES = 100;

    private final Map<Long, Object> resources = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService rebuilds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "linnet-app-rebuild");
        t.setDaemon(true);
        return t;
    });
    private final ApplicationSwitch applications = new ApplicationSwitch();
    private final Hijacks hijacks = new Hijacks(Hijacks.DEFAULT_MAX_SESSIONS);
    private final HostStopActions stopActions = new HostStopActions();
    private final SwapWindow swap = new SwapWindow();
    private final List<Path> unixSockets = new ArrayList<>();
    private final List<AbstractConnector> connectors = new ArrayList<>();
    private final Set<PosixFilePermission> socketMode;
    private final Set<String> tcpHosts = new java.util.HashSet<>();
    private volatile boolean startupComplete;
    private long settleDeadline; // touched only on the rebuild thread
    private List<String> stragglers; // touched only on the rebuild thread
    private long stragglersSince; // touched only on the rebuild thread
    private boolean listening; // touched only on the rebuild thread
    private volatile boolean warmedUp;
    private final ApplicationFactory factory;
    private final Server server;
    private final BundleContext context;
    private ScheduledFuture<?> pendingRebuild;
    private final org.osgi.framework.ServiceRegistration<Object> served;
    private int failedBuilds; // touched only on the rebuild thread
    private List<Object> servedResources; // touched only on the rebuild thread

    private final ServiceComponentRuntime components;

    @Activate
    public HttpHost(BundleContext context, HttpHostConfig config,
            @Reference ServiceComponentRuntime components) throws Exception {
        this.context = context;
        this.components = components;
        this.factory = new ApplicationFactory(engineVersion(context.getBundle().getVersion()), hijacks, stopActions,
                swap);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("linnet-http");
        this.server = new Server(threads, null, bufferPool());
        HttpConfiguration http = httpConfiguration();
        SslContextFactory.Server tls = config.tls() ? ApiTlsContext.serverContext(config) : null;
        for (String host : config.hosts().split(",")) {
            if (!host.isBlank()) {
                addConnector(ListenAddress.parse(host, config.tls()), http, tls);
            }
        }
        this.socketMode = SocketModes.parse(config.socketMode());
        server.setHandler(new HostCheck(applications, tcpHosts));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(2000);
        server.start();
        // live administration waits on this to know that what it started or stopped is served so
        served = context.registerService(Object.class, new Object(),
                new java.util.Hashtable<>(Map.of(SERVED_PROPERTY, -1)));
        // The early build starts now, with whatever is registered: it loads Jersey's classes on the
        // rebuild thread while the main thread starts the other bundles. Started at the first resource
        // instead, it ran late in the boot and held up the marker's build behind it (0.5 s).
        scheduleRebuild(0);
        rebuilds.schedule(this::startupTimedOut, STARTUP_WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The launcher registers this marker once every bundle has started. Their components then
     * still come up one by one (configuration, the engine after containerd): only when they all
     * have, with an application that has all of their resources, does the daemon listen. A client
     * never sees a half-started daemon (as dockerd, which listens at the end of its initialisation).
     */
    @Reference(service = Object.class, target = "(" + STARTUP_PROPERTY + "=complete)",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStartupComplete(Object marker) {
        rebuilds.execute(() -> {
            settleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_WAIT_MS);
            awaitComponents();
        });
    }

    void unbindStartupComplete(Object marker) {
        // Listening goes on until the host stops.
    }

    /**
     * Runs on the rebuild thread: checks SCR until every component is up, then serves them all. A
     * component that waits for what nothing provides (a service no bundle offers, a configuration
     * nobody writes) would wait for ever: once the stragglers have not changed for
     * {@value #SETTLE_QUIET_MS} ms, the daemon listens without them.
     */
    private void awaitComponents() {
        if (startupComplete || rebuilds.isShutdown()) {
            return;
        }
        List<String> waiting = ComponentsSettled.stragglers(components);
        long now = System.nanoTime();
        if (!waiting.equals(stragglers)) {
            stragglers = waiting;
            stragglersSince = now;
        }
        if (!waiting.isEmpty()) {
            boolean quiet = now - stragglersSince >= TimeUnit.MILLISECONDS.toNanos(SETTLE_QUIET_MS);
            if (!quiet && now - settleDeadline < 0) {
                rebuilds.schedule(this::awaitComponents, SETTLE_CHECK_MS, TimeUnit.MILLISECONDS);
                return;
            }
            LOG.warn("listening although these components are unsatisfied: {}", waiting);
        }
        startupComplete = true;
        scheduleRebuild(0);
    }

    private void startupTimedOut() {
        if (!startupComplete) {
            LOG.warn("no start-up marker ({}=complete) after {} ms; listening anyway", STARTUP_PROPERTY,
                    STARTUP_WAIT_MS);
            startupComplete = true;
            scheduleRebuild(0);
        }
    }

    /** Starts the connectors; runs on the rebuild thread after an application is in place. */
    private void listen() {
        if (listening) {
            return;
        }
        listening = true;
        for (AbstractConnector connector : connectors) {
            try {
                server.addConnector(connector);
                connector.start();
            } catch (Exception e) {
                LOG.error("cannot listen with {}: {}", connector, e.getMessage(), e);
            }
        }
        for (Path socket : unixSockets) {
            try {
                Files.setPosixFilePermissions(socket, socketMode);
            } catch (IOException e) {
                LOG.warn("cannot set the mode of {}: {}", socket, e.getMessage());
            }
            LOG.info("API listening on unix://{}", socket);
        }
        // the launcher tells systemd (sd_notify READY=1) once this is there
        context.registerService(Object.class, new Object(),
                new java.util.Hashtable<>(Map.of(LISTENING_PROPERTY, "true")));
    }

    /**
     * The connectors' HTTP settings. docker-java encodes the '/' of image names in a path segment
     * ({@code /images/127.0.0.1:5000%2Fname/push}), which dockerd serves and Jetty's default URI
     * compliance refuses as ambiguous: allowed here, and decoded once, by Jersey's path matching.
     * docker-py puts a name given with its leading slash straight into the path
     * ({@code DELETE /containers//web/db?link=1}), which dockerd's router serves: empty segments too.
     */
    static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setUriCompliance(UriCompliance.DEFAULT.with("docker",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        return http;
    }

    /**
     * Jetty's buffer pool, bounded: by default it keeps up to an eighth of the heap's maximum idle in
     * each of heap and direct memory, which a daemon that streams archives and logs fills and keeps.
     */
    static ArrayByteBufferPool bufferPool() {
        return new ArrayByteBufferPool(0, 0, POOLED_BUFFER_MAX_BYTES, -1, POOL_MAX_IDLE_BYTES, POOL_MAX_IDLE_BYTES);
    }

    /** A UNIX socket, or a TCP port (TLS when {@code tls} is given, else plain and loopback only), or systemd's. */
    private void addConnector(ListenAddress address, HttpConfiguration http, SslContextFactory.Server tls)
            throws IOException {
        if (address instanceof ListenAddress.Unix unix) {
            Path path = unix.path().toAbsolutePath();
            Files.createDirectories(path.getParent());
            removeStaleSocket(path);
            UnixDomainServerConnector connector =
                    new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
            connector.setUnixDomainPath(path);
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            connectors.add(connector);
            unixSockets.add(path);
        } else if (address instanceof ListenAddress.Tcp tcp) {
            if (tls == null && !tcp.isLoopback()) {
                // an open Docker API on the network is root for anyone
                throw new IllegalArgumentException("refusing to listen on tcp://" + tcp.host() + ":" + tcp.port()
                        + " without TLS: only loopback addresses may be served over plain TCP");
            }
            ServerConnector connector = tcpConnector(http, tls);
            connector.setHost(tcp.host());
            connector.setPort(tcp.port());
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            connectors.add(connector);
            tcpHosts.add(tcp.host());
            LOG.info("API will listen on tcp://{}:{}{}", tcp.host(), tcp.port(), describe(tls));
        } else if (address instanceof ListenAddress.Inherited) {
            addInheritedConnector(http, tls);
        }
    }

    /**
     * The socket systemd passed ({@code -H fd://}), adopted by Jetty as the JDK's inherited channel.
     * The socket file is systemd's: Jetty deletes its connector's path when it stops, so the UNIX
     * connector is given a path that never exists.
     */
    private void addInheritedConnector(HttpConfiguration http, SslContextFactory.Server tls) throws IOException {
        if (!(System.inheritedChannel() instanceof ServerSocketChannel inherited)) {
            throw new IllegalArgumentException("-H fd://: no listening socket was passed (LISTEN_FDS)");
        }
        SocketAddress local = inherited.getLocalAddress();
        if (local instanceof UnixDomainSocketAddress unix) {
            UnixDomainServerConnector connector =
                    new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
            connector.setInheritChannel(true);
            connector.setUnixDomainPath(Path.of(System.getProperty("java.io.tmpdir"),
                    "linnet-systemd-owns-" + java.util.UUID.randomUUID() + ".sock"));
            connectors.add(connector);
            LOG.info("API will listen on the socket systemd passed: unix://{}", unix.getPath());
        } else if (local instanceof InetSocketAddress inet) {
            if (tls == null && !inet.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to serve the socket systemd passed (" + inet
                        + ") without TLS: only loopback addresses may be served over plain TCP");
            }
            ServerConnector connector = tcpConnector(http, tls);
            connector.setInheritChannel(true);
            connectors.add(connector);
            tcpHosts.add(inet.getAddress().getHostAddress());
            LOG.info("API will listen on the socket systemd passed: tcp://{}{}", inet, describe(tls));
        }
    }

    private ServerConnector tcpConnector(HttpConfiguration http, SslContextFactory.Server tls) {
        return tls == null ? new ServerConnector(server, new HttpConnectionFactory(http))
                : new ServerConnector(server, ApiTlsContext.connectionFactory(tls), new HttpConnectionFactory(http));
    }

    private static String describe(SslContextFactory.Server tls) {
        return tls == null ? "" : tls.getNeedClientAuth()
                ? " (TLS, client certificates verified)" : " (TLS, client certificates not verified)";
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

    /** Live administration marks a bundle swap with a service carrying {@value #SWAP_PROPERTY}. */
    @Reference(service = Object.class, target = "(" + SWAP_PROPERTY + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSwap(Object marker) {
        swap.swapStarted();
    }

    void unbindSwap(Object marker) {
        swap.swapEnded();
        scheduleRebuild(0);
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

    private void scheduleRebuild() {
        // Before the start-up marker nobody is served: one early build loads Jersey's classes while
        // the other bundles start, and the marker's build serves them all; builds in between are waste.
        if (!startupComplete && warmedUp) {
            return;
        }
        // During a swap the application from before serves on (a swapped endpoint's old resources
        // keep their services for it); the swap's end rebuilds once (unbindSwap), not each step.
        if (swap.swapping()) {
            return;
        }
        scheduleRebuild(REBUILD_DELAY_MS);
    }

    private synchronized void scheduleRebuild(long delayMs) {
        if (shuttingDown() || rebuilds.isShutdown()) {
            return;
        }
        if (pendingRebuild != null && !pendingRebuild.isDone()) {
            long remaining = pendingRebuild.getDelay(TimeUnit.MILLISECONDS);
            if (remaining > 0 && remaining <= delayMs) {
                return; // a rebuild that has not started yet will see this change too
            }
            if (remaining > delayMs) {
                pendingRebuild.cancel(false); // sooner is wanted now
            }
        }
        pendingRebuild = rebuilds.schedule(this::rebuild, delayMs, TimeUnit.MILLISECONDS);
    }

    private void rebuild() {
        if (!startupComplete && warmedUp) {
            // scheduled while the early build ran: before the marker it would only take CPU from
            // the boot and hold up the marker's build behind it (seen: 700 ms of each)
            return;
        }
        long gathered = swap.gathering();
        List<Object> snapshot = List.copyOf(resources.values());
        if (snapshot.equals(servedResources)) {
            // the same resource objects are served already (a swap that ended, a late timer)
            swap.rebuilt(gathered);
            if (startupComplete) {
                listen();
            }
            return;
        }
        long start = System.nanoTime();
        try {
            ServedApplication app = factory.build(snapshot, server);
            applications.switchTo(app);
            servedResources = snapshot;
            swap.rebuilt(gathered);
            served.setProperties(new java.util.Hashtable<>(Map.of(SERVED_PROPERTY, snapshot.size())));
            failedBuilds = 0;
            warmedUp = true;
            if (startupComplete) {
                listen();
            }
            LOG.info("serving {} resources (application built in {} ms)", snapshot.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            // At boot Jersey's own bundles may not all be started yet: try again shortly, and keep
            // serving the previous application meanwhile.
            failedBuilds++;
            if (failedBuilds <= MAX_BUILD_RETRIES) {
                LOG.debug("API application not built yet ({}), retrying", e.toString());
                scheduleRebuild(RETRY_DELAY_MS);
            } else {
                LOG.error("could not build the API application from {} resources", snapshot.size(), e);
            }
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

    /**
     * Stops serving: the long responses end as finished responses (logs -f, events, stats), attach
     * and exec sessions are closed, then Jetty lets the requests still running (a pull) finish for
     * at most its stop timeout and closes what is left. Never throws: the daemon's stop goes on.
     */
    @Deactivate
    void deactivate() throws Exception {
        rebuilds.shutdownNow();
        long start = System.nanoTime();
        try {
            served.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
        try {
            int streams = stopActions.runAll();
            int sessions = hijacks.openSessions();
            hijacks.close();
            try {
                server.stop();
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.info("requests still running after {} ms were cut", server.getStopTimeout());
            } catch (Exception e) {
                LOG.warn("stopping the API server: {}", e.toString());
            }
            LOG.info("API stopped in {} ms ({} streams and {} attach/exec sessions ended)",
                    (System.nanoTime() - start) / 1_000_000, streams, sessions);
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
