package io.linnet.http;

import io.linnet.http.stream.Hijack;
import io.linnet.http.stream.HijackedStreams;
import io.linnet.http.stream.StdStream;
import io.linnet.http.stream.StdWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection a hijacked HTTP connection becomes once the response head is out. Jetty calls it
 * only to fill (never blocking: bytes go to a bounded queue, and reading pauses while it is full);
 * the session's threads read that queue and write through blocking waits on Jetty's asynchronous
 * writes.
 */
final class HijackConnection extends AbstractConnection implements Connection.UpgradeTo, HijackedStreams {
    private static final Logger LOG = LoggerFactory.getLogger(HijackConnection.class);
    private static final int READ_SIZE = 8 * 1024;
    static final int MAX_BUFFERED = 64 * 1024;

    private final Hijacks hijacks;
    private final boolean multiplexed;
    private final Hijack.Session session;

    // Input from the client, guarded by lock.
    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> received = new ArrayDeque<>();
    private int buffered;
    private boolean inputEnded;
    private boolean readPaused;
    private boolean discarding;

    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean outputClosed;
    private final AtomicBoolean permitHeld = new AtomicBoolean(true);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean stdinForwarded = new AtomicBoolean();
    private final List<Runnable> closeActions = new ArrayList<>();
    private boolean closed; // guarded by closeActions

    private final InputStream stdin = new Input();
    private final OutputStream output = new Output();
    private final StdWriter writer;
    private final OutputStream stdout;
    private final OutputStream stderr;

    HijackConnection(EndPoint endPoint, Executor executor, Hijacks hijacks, boolean multiplexed,
            Hijack.Session session) {
        super(endPoint, executor);
        this.hijacks = hijacks;
        this.multiplexed = multiplexed;
        this.session = session;
        this.writer = new StdWriter(output, multiplexed);
        this.stdout = writer.stream(StdStream.STDOUT);
        this.stderr = writer.stream(StdStream.STDERR);
    }

    /** Bytes the client sent right after the request head. */
    @Override
    public void onUpgradeTo(ByteBuffer prefilled) {
        if (prefilled != null && prefilled.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(prefilled.remaining());
            copy.put(prefilled).flip();
            synchronized (lock) {
                received.add(copy);
                buffered += copy.remaining();
            }
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        EndPoint endPoint = getEndPoint();
        endPoint.setIdleTimeout(0); // a session may be quiet for as long as the container is
        hijacks.opened(this);
        try {
            hijacks.execute(this::runSession);
        } catch (RejectedExecutionException e) {
            LOG.warn("no thread for a hijacked session: {}", e.toString());
            releasePermit();
            endPoint.close();
            return;
        }
        fillInterested();
    }

    /** The response did not take the connection over after all. */
    void abandon() {
        releasePermit();
    }

    private void releasePermit() {
        if (permitHeld.compareAndSet(true, false)) {
            hijacks.release();
        }
    }

    private void runSession() {
        try {
            session.run(this);
        } catch (Throwable t) {
            report(t);
        } finally {
            close();
            releasePermit();
        }
    }

    private void report(Throwable t) {
        if (!isOpen() || outputClosed) {
            LOG.debug("hijacked session ended with {}", t.toString());
            return;
        }
        LOG.debug("hijacked session failed", t);
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        try {
            // As dockerd: the error goes to the client in the stream.
            if (multiplexed) {
                writer.write(StdStream.SYSTEMERR, message.getBytes(StandardCharsets.UTF_8));
            } else {
                output.write((message + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    @Override
    public void onFillable() {
        EndPoint endPoint = getEndPoint();
        try {
            while (true) {
                synchronized (lock) {
                    if (!discarding && buffered >= MAX_BUFFERED) {
                        readPaused = true; // Input.read resumes
                        return;
                    }
                }
                ByteBuffer buffer = BufferUtil.allocate(READ_SIZE);
                int n = endPoint.fill(buffer);
                if (n > 0) {
                    synchronized (lock) {
                        if (!discarding) {
                            received.add(buffer);
                            buffered += n;
                            lock.notifyAll();
                        }
                    }
                } else if (n == 0) {
                    fillInterested();
                    return;
                } else {
                    // The client closed its write side: stdin ends. The connection closes once
                    // the output is shut down too.
                    endInput();
                    if (endPoint.isOutputShutdown()) {
                        endPoint.close();
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("reading a hijacked connection failed: {}", e.toString());
            endPoint.close(e);
        }
    }

    private void endInput() {
        synchronized (lock) {
            inputEnded = true;
            lock.notifyAll();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        outputClosed = true;
        synchronized (lock) {
            inputEnded = true;
            received.clear();
            buffered = 0;
            lock.notifyAll();
        }
        hijacks.closed(this);
        List<Runnable> actions;
        synchronized (closeActions) {
            closed = true;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        actions.forEach(HijackConnection::runQuietly);
    }

    @Override
    public InputStream stdin() {
        return stdin;
    }

    @Override
    public OutputStream stdout() {
        return stdout;
    }

    @Override
    public OutputStream stderr() {
        return stderr;
    }

    @Override
    public StdWriter writer() {
        return writer;
    }

    @Override
    public boolean multiplexed() {
        return multiplexed;
    }

    @Override
    public void forwardStdin(OutputStream target) {
        Objects.requireNonNull(target, "target");
        if (!stdinForwarded.compareAndSet(false, true)) {
            throw new IllegalStateException("stdin is forwarded already");
        }
        hijacks.execute(() -> {
            byte[] buffer = new byte[READ_SIZE];
            try (target) {
                int n;
                while ((n = stdin.read(buffer)) >= 0) {
                    target.write(buffer, 0, n);
                    target.flush();
                }
            } catch (IOException e) {
                LOG.debug("forwarding stdin ended: {}", e.toString());
            }
        });
    }

    @Override
    public void onClose(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (closeActions) {
            if (!closed) {
                closeActions.add(action);
                return;
            }
        }
        runQuietly(action);
    }

    @Override
    public boolean isOpen() {
        return getEndPoint().isOpen();
    }

    @Override
    public void close() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        EndPoint endPoint = getEndPoint();
        boolean quiet;
        try {
            // Let a write in progress finish, so the client gets all of it before the end.
            quiet = writing.tryLock(HostStreamSupport.CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quiet = false;
        }
        try {
            outputClosed = true;
        } finally {
            if (quiet) {
                writing.unlock();
            }
        }
        boolean resume;
        synchronized (lock) {
            discarding = true;
            inputEnded = true;
            received.clear();
            buffered = 0;
            resume = readPaused;
            readPaused = false;
            lock.notifyAll();
        }
        if (!quiet) {
            endPoint.close();
            return;
        }
        if (!endPoint.isOpen()) {
            return;
        }
        endPoint.shutdownOutput();
        if (endPoint.isInputShutdown()) {
            endPoint.close();
            return;
        }
        // Wait a little for the client to close its side (it does when it sees our EOF), reading
        // and dropping what it still sends, so that closing does not reset the connection.
        endPoint.setIdleTimeout(HostStreamSupport.CLOSE_GRACE_MS);
        if (resume) {
            fillInterested();
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("a hijacked session's close action failed", e);
        }
    }

    private final class Input extends io.linnet.engine.api.io.BulkInputStream {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            boolean resume = false;
            int n;
            synchronized (lock) {
                while (received.isEmpty() && !inputEnded) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading stdin");
                    }
                }
                if (received.isEmpty()) {
                    return -1;
                }
                n = 0;
                while (n < len && !received.isEmpty()) {
                    ByteBuffer head = received.peek();
                    int take = Math.min(len - n, head.remaining());
                    head.get(b, off + n, take);
                    n += take;
                    if (!head.hasRemaining()) {
                        received.poll();
                    }
                }
                buffered -= n;
                if (readPaused && buffered < MAX_BUFFERED / 2) {
                    readPaused = false;
                    resume = true;
                }
            }
            if (resume) {
                fillInterested();
            }
            return n;
        }

        @Override
        public int available() {
            synchronized (lock) {
                return buffered;
            }
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return;
            }
            writing.lock();
            try {
                if (outputClosed || !getEndPoint().isOpen()) {
                    throw new IOException("the hijacked connection is closed");
                }
                // Jetty writes asynchronously; this session thread waits, Jetty's never do.
                FutureCallback done = new FutureCallback();
                getEndPoint().write(done, ByteBuffer.wrap(b, off, len));
                done.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                getEndPoint().close();
                throw new InterruptedIOException("interrupted while writing");
            } finally {
                writing.unlock();
            }
        }

        @Override
        public void close() {
            HijackConnection.this.close();
        }
    }
}
