package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerService.Attachment;
import io.linnet.engine.api.container.ContainerService.LogSink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Attached clients of running containers: the output each task's copiers publish goes to the
 * clients that want that stream, and a client's stdin goes to the task's stdin FIFO.
 */
final class ContainerStdio {

    private final ContainerHandles handles;
    private final ContainerRunner runner;
    private final Executor background;

    ContainerStdio(ContainerHandles handles, ContainerRunner runner, Executor background) {
        this.handles = handles;
        this.runner = runner;
        this.background = background;
    }

    /** A copier's chunk of output, to the attached clients that want its stream; a client that fails is dropped. */
    void publish(String id, String stream, byte[] data, Instant time) {
        ContainerHandle handle = handles.existing(id);
        if (handle == null) {
            return;
        }
        List<ContainerHandle.Output> outputs = handle.attachments();
        long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
        for (ContainerHandle.Output o : outputs) {
            boolean wanted = "stdout".equals(stream) ? o.stdout() : o.stderr();
            if (wanted && !o.done().isDone() && !o.sink().accept(stream, nanos, data)) {
                o.done().complete(null);
                outputs.remove(o);
            }
        }
    }

    /** The task ended: its attached clients are done. */
    void endAttachments(String id) {
        ContainerHandle handle = handles.existing(id);
        if (handle != null) {
            handle.takeAttachments().forEach(o -> o.done().complete(null));
        }
    }

    /** @param openStdin whether the container was made with an open stdin ({@code -i}) */
    Attachment attach(String id, boolean openStdin, boolean stdin, boolean stdout, boolean stderr, LogSink sink) {
        ContainerHandle handle = handles.of(id);
        ContainerHandle.Output output = new ContainerHandle.Output(stdout, stderr, sink, new CompletableFuture<>());
        handle.attachments().add(output);
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
                output.done().complete(null);
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
