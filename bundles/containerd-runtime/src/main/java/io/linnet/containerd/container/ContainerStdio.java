package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerService.Attachment;
import io.linnet.engine.api.container.ContainerService.LogSink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Attached clients of running containers: each gets the output from the task's log writer (see
 * {@link AttachTap}), connected before the task starts when the client attached first (docker run,
 * start -a); a client's stdin goes to the task's stdin FIFO.
 */
final class ContainerStdio {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStdio.class);
    /** How long an ended task's attachments may take to pass on the last of its output. */
    private static final long END_MILLIS = 5_000;

    private final ContainerHandles handles;
    private final ContainerRunner runner;
    private final LogWriter logWriter;
    private final Executor background;

    ContainerStdio(ContainerHandles handles, ContainerRunner runner, LogWriter logWriter, Executor background) {
        this.handles = handles;
        this.runner = runner;
        this.logWriter = logWriter;
        this.background = background;
    }

    /** The task is created, not yet started (under the container's lock): clients attached so far connect. */
    void connectAttachments(String id) {
        ContainerHandle handle = handles.existing(id);
        if (handle != null) {
            handle.attachments().forEach(o -> connect(id, o));
        }
    }

    private void connect(String id, ContainerHandle.Output output) {
        if (output.tap().get() != null || output.done().isDone()) {
            return;
        }
        try {
            AttachTap.start(id, logWriter.connect(id), output);
        } catch (IOException e) {
            LOG.debug("container {}: cannot attach to its output: {}", id, e.toString());
        }
    }

    /**
     * The task ended and its log writer with it: attachments end once they passed on the rest of
     * the output, those that never connected at once.
     */
    void endAttachments(String id) {
        ContainerHandle handle = handles.existing(id);
        if (handle == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + END_MILLIS;
        for (ContainerHandle.Output o : handle.takeAttachments()) {
            if (o.tap().get() != null) {
                try {
                    o.done().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                } catch (Exception stillOpen) {
                    // ended below
                }
            }
            close(o);
        }
    }

    private static void close(ContainerHandle.Output output) {
        output.done().complete(null);
        SocketChannel tap = output.tap().get();
        if (tap != null) {
            try {
                tap.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    /** @param openStdin whether the container was made with an open stdin ({@code -i}) */
    Attachment attach(String id, boolean openStdin, boolean stdin, boolean stdout, boolean stderr, LogSink sink) {
        ContainerHandle handle = handles.of(id);
        ContainerHandle.Output output = new ContainerHandle.Output(stdout, stderr, sink);
        synchronized (handle.lock) {
            handle.attachments().add(output);
            if (handle.running.get() != null) {
                connect(id, output);
            }
        }
        output.done().whenComplete((ignored, failure) -> handle.attachments().remove(output));
        return new Attachment() {
            @Override
            public CompletionStage<Void> done() {
                return output.done();
            }

            @Override
            public OutputStream stdin() {
                if (!stdin || !openStdin) {
                    return OutputStream.nullOutputStream();
                }
                return new StdinStream(id);
            }

            @Override
            public void close() {
                ContainerStdio.close(output);
                handle.attachments().remove(output);
            }
        };
    }

    /** The task runs: its stdin FIFO is open for attached clients. */
    void stdinReady(String id, RandomAccessFile pipe) {
        handles.of(id).stdin().complete(pipe);
    }

    /** The task ended: its stdin FIFO is closed (a client still waiting for it gets none). */
    void closeStdin(String id) {
        ContainerHandle handle = handles.existing(id);
        CompletableFuture<RandomAccessFile> pipe = handle == null ? null : handle.takeStdin();
        if (pipe != null && pipe.isDone() && !pipe.isCompletedExceptionally()) {
            try {
                pipe.join().close();
            } catch (IOException ignored) {
                // gone
            }
        } else if (pipe != null) {
            pipe.cancel(false);
        }
    }

    /** A container's stdin FIFO, written once the task runs; close gives the process end-of-file. */
    private final class StdinStream extends OutputStream {
        private final String id;
        private boolean closed;

        StdinStream(String id) {
            this.id = id;
        }

        private RandomAccessFile pipe() throws IOException {
            try {
                return handles.of(id).stdin().get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IOException("container " + id + " has no stdin", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!closed) {
                pipe().write(b, off, len);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            ContainerHandle handle = handles.of(id);
            CompletableFuture<RandomAccessFile> pipe = handle.stdin();
            background.execute(() -> {
                try {
                    RandomAccessFile f = pipe.get(5, TimeUnit.MINUTES);
                    handle.forgetStdin(pipe);
                    f.close();
                    runner.closeStdin(id);
                } catch (Exception ignored) {
                    // the container ended first
                }
            });
        }
    }
}
