package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The embedded DNS server of containers on user networks (dockerd's 127.0.0.11): each container has its
 * own UDP socket and TCP listener, bound inside its namespace ({@link NamespaceSockets}), so it is
 * answered only with its own networks' names and nothing outside the container can ask. One selector
 * thread serves every container's UDP queries and forwards the others to its upstream servers; TCP
 * connections (rare: truncated answers) go to a small bounded pool that exists only while it has work.
 */
final class EmbeddedDns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDns.class);
    /** As libnetwork's resolver: at most this many forwarded queries in flight (per daemon here). */
    static final int MAX_IN_FLIGHT = 1024;
    static final long UPSTREAM_TIMEOUT_MS = 2_000;
    private static final int TCP_TIMEOUT_MS = 4_000;

    private final DnsAnswers answers;
    private final Map<String, Resolver> resolvers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> loopTasks = new ConcurrentLinkedQueue<>();
    private final Set<Forward> inFlight = new LinkedHashSet<>();
    private final ThreadPoolExecutor tcpWorkers = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "linnet-dns-tcp");
                t.setDaemon(true);
                return t;
            });
    private final ByteBuffer buffer = ByteBuffer.allocate(65_535);
    private Selector selector;
    private Thread loop;
    private volatile boolean closed;

    EmbeddedDns(DnsNames names) {
        this.answers = new DnsAnswers(names);
    }

    /** One container's sockets and what it may ask. */
    private static final class Resolver {
        final String containerId;
        final ResolverSockets sockets;
        volatile ResolverScope scope;

        Resolver(String containerId, ResolverSockets sockets, ResolverScope scope) {
            this.containerId = containerId;
            this.sockets = sockets;
            this.scope = scope;
        }
    }

    /** A UDP query forwarded to one of the container's upstreams, waiting for its reply. */
    private static final class Forward {
        final Resolver resolver;
        final SocketAddress client;
        final byte[] query;
        final Message parsed;
        int upstream;
        DatagramChannel channel;
        long deadline;

        Forward(Resolver resolver, SocketAddress client, byte[] query, Message parsed) {
            this.resolver = resolver;
            this.client = client;
            this.query = query;
            this.parsed = parsed;
        }
    }

    boolean serves(String containerId) {
        return resolvers.containsKey(containerId);
    }

    /** Serves a container's sockets from now on (they are closed with {@link #stop}). */
    synchronized void start(String containerId, ResolverSockets sockets, ResolverScope scope) throws IOException {
        if (closed) {
            sockets.close();
            throw new IOException("the DNS server is stopped");
        }
        startLoop();
        Resolver r = new Resolver(containerId, sockets, scope);
        Resolver before = resolvers.put(containerId, r);
        if (before != null) {
            before.sockets.close();
        }
        sockets.udp().configureBlocking(false);
        sockets.tcp().configureBlocking(false);
        loopTasks.add(() -> {
            try {
                sockets.udp().register(selector, SelectionKey.OP_READ, r);
                sockets.tcp().register(selector, SelectionKey.OP_ACCEPT, r);
            } catch (ClosedChannelException e) {
                // stopped before it was served
            }
        });
        selector.wakeup();
    }

    /** New networks, links or upstreams for a container already served. */
    void update(String containerId, ResolverScope scope) {
        Resolver r = resolvers.get(containerId);
        if (r != null) {
            r.scope = scope;
        }
    }

    /** Closes the container's sockets: its namespace is no longer held by the daemon. */
    void stop(String containerId) {
        Resolver r = resolvers.remove(containerId);
        if (r != null) {
            r.sockets.close();
            Selector s = selector;
            if (s != null) {
                s.wakeup(); // the selector drops the cancelled keys at its next select
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        resolvers.keySet().forEach(this::stop);
        tcpWorkers.shutdownNow();
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void startLoop() throws IOException {
        if (loop == null) {
            selector = Selector.open();
            loop = new Thread(this::run, "linnet-dns");
            loop.setDaemon(true);
            loop.start();
        }
    }

    private void run() {
        while (!closed) {
            try {
                selector.select(250);
                for (Runnable task; (task = loopTasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        serve(key);
                    }
                }
                selector.selectedKeys().clear();
                expireForwards();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("embedded DNS: {}", e.toString());
                }
            }
        }
        new ArrayList<>(inFlight).forEach(this::finish);
    }

    private void serve(SelectionKey key) {
        if (key.attachment() instanceof Forward f) {
            upstreamReplied(f);
        } else if (key.attachment() instanceof Resolver r) {
            if (key.isAcceptable()) {
                accept(r);
            } else {
                receive(r);
            }
        }
    }

    /** Every datagram waiting on the container's socket: answered here or forwarded. */
    private void receive(Resolver r) {
        while (true) {
            SocketAddress client;
            buffer.clear();
            try {
                client = r.sockets.udp().receive(buffer);
            } catch (IOException e) {
                return;
            }
            if (client == null) {
                return;
            }
            byte[] query = Arrays.copyOf(buffer.array(), buffer.position());
            Message parsed;
            try {
                parsed = new Message(query);
            } catch (IOException e) {
                continue; // not DNS: dropped, as dockerd's server does
            }
            ResolverScope scope = r.scope;
            byte[] reply = answers.answer(parsed, scope, true);
            if (reply != null) {
                send(r, client, reply);
            } else if (inFlight.size() >= MAX_IN_FLIGHT || scope.upstreams().isEmpty()) {
                send(r, client, DnsAnswers.serverFailure(parsed));
            } else {
                Forward f = new Forward(r, client, query, parsed);
                inFlight.add(f);
                forward(f);
            }
        }
    }

    /** Sends the query to the forward's current upstream, or SERVFAIL when none is left. */
    private void forward(Forward f) {
        closeChannel(f);
        var upstreams = f.resolver.scope.upstreams();
        while (f.upstream < upstreams.size()) {
            InetSocketAddress to = upstreams.get(f.upstream);
            try {
                DatagramChannel c = DatagramChannel.open();
                f.channel = c;
                c.configureBlocking(false);
                c.connect(to);
                c.write(ByteBuffer.wrap(f.query));
                c.register(selector, SelectionKey.OP_READ, f);
                f.deadline = System.currentTimeMillis() + UPSTREAM_TIMEOUT_MS;
                return;
            } catch (IOException e) {
                LOG.debug("container {}: upstream {} failed: {}", f.resolver.containerId, to, e.toString());
                closeChannel(f);
                f.upstream++;
            }
        }
        send(f.resolver, f.client, DnsAnswers.serverFailure(f.parsed));
        finish(f);
    }

    private void upstreamReplied(Forward f) {
        buffer.clear();
        try {
            int n = f.channel.read(buffer);
            if (n < 12 || buffer.getShort(0) != (short) f.parsed.getHeader().getID()) {
                return; // not the reply to this query: keep waiting until the deadline
            }
        } catch (IOException e) {
            f.upstream++; // refused (ICMP port unreachable): the next upstream
            forward(f);
            return;
        }
        buffer.flip();
        send(f.resolver, f.client, Arrays.copyOf(buffer.array(), buffer.limit()));
        finish(f);
    }

    private void expireForwards() {
        long now = System.currentTimeMillis();
        for (Forward f : new ArrayList<>(inFlight)) {
            if (!f.resolver.sockets.udp().isOpen()) {
                finish(f);
            } else if (now >= f.deadline) {
                f.upstream++;
                forward(f);
            }
        }
    }

    private void finish(Forward f) {
        closeChannel(f);
        inFlight.remove(f);
    }

    private static void closeChannel(Forward f) {
        if (f.channel != null) {
            try {
                f.channel.close();
            } catch (IOException ignored) {
                // closing
            }
            f.channel = null;
        }
    }

    private static void send(Resolver r, SocketAddress client, byte[] reply) {
        try {
            r.sockets.udp().send(ByteBuffer.wrap(reply), client);
        } catch (IOException e) {
            LOG.debug("container {}: DNS reply not sent: {}", r.containerId, e.toString());
        }
    }

    private void accept(Resolver r) {
        SocketChannel c;
        try {
            c = r.sockets.tcp().accept();
        } catch (IOException e) {
            return;
        }
        if (c == null) {
            return;
        }
        try {
            tcpWorkers.execute(() -> serveTcp(r, c));
        } catch (RejectedExecutionException e) {
            closeQuietly(c); // busy: the client retries
        }
    }

    /** DNS over TCP (RFC 7766): length-prefixed messages until the client closes or stays idle. */
    private void serveTcp(Resolver r, SocketChannel c) {
        try (c) {
            c.configureBlocking(true);
            Socket s = c.socket();
            s.setSoTimeout(TCP_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] query = readFrame(in);
                if (query == null) {
                    return;
                }
                Message parsed = new Message(query);
                byte[] reply = answers.answer(parsed, r.scope, false);
                if (reply == null) {
                    reply = forwardTcp(r.scope, query);
                }
                writeFrame(out, reply == null ? DnsAnswers.serverFailure(parsed) : reply);
            }
        } catch (IOException e) {
            LOG.debug("container {}: DNS over TCP ended: {}", r.containerId, e.toString());
        }
    }

    private static byte[] forwardTcp(ResolverScope scope, byte[] query) {
        for (InetSocketAddress upstream : scope.upstreams()) {
            try (Socket s = new Socket()) {
                s.connect(upstream, (int) UPSTREAM_TIMEOUT_MS);
                s.setSoTimeout(TCP_TIMEOUT_MS);
                writeFrame(s.getOutputStream(), query);
                byte[] reply = readFrame(new DataInputStream(s.getInputStream()));
                if (reply != null) {
                    return reply;
                }
            } catch (IOException e) {
                LOG.debug("upstream {} over TCP failed: {}", upstream, e.toString());
            }
        }
        return null;
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 8) | in.readUnsignedByte();
        byte[] message = in.readNBytes(length);
        if (message.length != length) {
            throw new EOFException("DNS message cut short");
        }
        return message;
    }

    private static void writeFrame(OutputStream out, byte[] message) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeShort(message.length);
        d.write(message);
        d.flush();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
