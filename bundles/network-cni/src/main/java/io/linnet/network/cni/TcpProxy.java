package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * docker-proxy's job for one published TCP port: accepts on a socket the daemon holds and copies
 * bytes both ways to the container's address (half-closes passed on). Two threads per connection,
 * at most {@link #MAX_CONNECTIONS} connections at a time (more wait in the listen backlog); closing
 * the returned handle ends the connections, and closing the listening socket ends the accept loop.
 */
final class TcpProxy {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);
    static final int MAX_CONNECTIONS = 256;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private TcpProxy() {
    }

    static Closeable start(ServerSocket listener, InetSocketAddress target) {
        Set<Socket> open = ConcurrentHashMap.newKeySet();
        Semaphore slots = new Semaphore(MAX_CONNECTIONS);
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    slots.acquire();
                    Socket client = listener.accept();
                    daemon(() -> connect(client, target, open, slots), "linnet-proxy " + target);
                } catch (IOException | InterruptedException e) {
                    slots.release();
                    if (!listener.isClosed()) {
                        LOG.debug("proxy to {}: accept failed: {}", target, e.getMessage());
                    }
                    if (e instanceof InterruptedException) {
                        return;
                    }
                }
            }
        }, "linnet-proxy-accept " + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return () -> {
            for (Socket s : open) {
                closeQuietly(s);
            }
        };
    }

    private static void connect(Socket client, InetSocketAddress target, Set<Socket> open, Semaphore slots) {
        Socket backend = new Socket();
        open.add(client);
        open.add(backend);
        try {
            backend.connect(target, CONNECT_TIMEOUT_MS);
            Thread up = daemon(() -> pump(client, backend), "linnet-proxy " + target);
            pump(backend, client);
            up.join();
        } catch (IOException e) {
            LOG.debug("proxy to {}: {}", target, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(backend);
            open.remove(client);
            open.remove(backend);
            slots.release();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Copies until end of stream, then half-closes the other side's output (the streams' close would close the socket). */
    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}
