package io.linnet.http;

import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The host's stack (Jetty, HostCheck, a Jersey application from the factory) on a loopback port. */
final class LoopbackHost implements AutoCloseable {
    private final Server server;
    private final int port;

    private LoopbackHost(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static LoopbackHost start(HttpConfiguration http, Object... resources) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2, 300);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ApplicationSwitch applications = new ApplicationSwitch();
        server.setHandler(new HostCheck(applications, Set.of("127.0.0.1")));
        server.setErrorHandler(new JsonErrorHandler());
        server.start();
        applications.switchTo(new ApplicationFactory("0.1.0", new Hijacks(8)).build(List.of(resources), server));
        return new LoopbackHost(server, connector.getLocalPort());
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
