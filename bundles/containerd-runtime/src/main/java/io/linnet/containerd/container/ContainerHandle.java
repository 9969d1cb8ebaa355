package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerService.LogSink;

import java.io.RandomAccessFile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the daemon holds for one container besides its containerd record: the lock its state
 * changes take, its running task's output, who waits for its exit or removal, its attachments
 * and stdin pipe, and its pending restart.
 */
final class ContainerHandle {

    /** An attached client's output: the streams it wants, where they go, its connection to the log writer. */
    record Output(boolean stdout, boolean stderr, LogSink sink, CompletableFuture<Void> done,
            AtomicReference<java.nio.channels.SocketChannel> tap) {
        Output(boolean stdout, boolean stderr, LogSink sink) {
            this(stdout, stderr, sink, new CompletableFuture<>(), new AtomicReference<>());
        }
    }

    final String id;
    /** Taken by every change of the container's run state, so an exit is recorded whole or not yet. */
    final Object lock = new Object();
    final AtomicReference<ContainerRunner.RunningTask> running = new AtomicReference<>();
    /** A user stop or kill is ending it: the restart policy does not bring it back. */
    final AtomicBoolean stopRequested = new AtomicBoolean();
    volatile boolean removing;
    final AtomicReference<ScheduledFuture<?>> pendingRestart = new AtomicReference<>();
    private final AtomicReference<List<Output>> attached = new AtomicReference<>(new CopyOnWriteArrayList<>());
    private final AtomicReference<CompletableFuture<RandomAccessFile>> stdin = new AtomicReference<>();
    private CompletableFuture<Integer> nextExit;
    private CompletableFuture<Integer> removed;
    private Duration restartDelay;

    ContainerHandle(String id) {
        this.id = id;
    }

    /** Completed with the exit code of the task's next exit. */
    synchronized CompletableFuture<Integer> nextExit() {
        if (nextExit == null) {
            nextExit = new CompletableFuture<>();
        }
        return nextExit;
    }

    /** The next-exit waiter, taken for completion (null when nobody waits). */
    synchronized CompletableFuture<Integer> takeNextExit() {
        CompletableFuture<Integer> f = nextExit;
        nextExit = null;
        return f;
    }

    /** Completed with the last exit code once the container is removed. */
    synchronized CompletableFuture<Integer> removed() {
        if (removed == null) {
            removed = new CompletableFuture<>();
        }
        return removed;
    }

    synchronized CompletableFuture<Integer> takeRemoved() {
        CompletableFuture<Integer> f = removed;
        removed = null;
        return f;
    }

    /**
     * Ends the waits still pending with {@code cause}: this revision of the engine stops and will
     * record no more exits, so its waiters would otherwise wait for ever (the next revision has its own).
     */
    synchronized void abandonWaits(RuntimeException cause) {
        for (CompletableFuture<Integer> f : java.util.Arrays.asList(nextExit, removed)) {
            if (f != null) {
                f.completeExceptionally(cause);
            }
        }
        nextExit = null;
        removed = null;
    }

    /** The back-off before the next policy restart, grown from the previous one. */
    synchronized Duration nextRestartDelay(Duration ranFor) {
        restartDelay = RestartPolicy.nextDelay(restartDelay, ranFor);
        return restartDelay;
    }

    synchronized void resetRestartDelay() {
        restartDelay = null;
    }

    /** The clients attached now. */
    List<Output> attachments() {
        return attached.get();
    }

    /** Ends this run's attachments: later attachments start a new list. */
    List<Output> takeAttachments() {
        return attached.getAndSet(new CopyOnWriteArrayList<>());
    }

    /** The stdin pipe of the task, completed once the task runs. */
    CompletableFuture<RandomAccessFile> stdin() {
        return stdin.updateAndGet(f -> f != null ? f : new CompletableFuture<>());
    }

    CompletableFuture<RandomAccessFile> takeStdin() {
        return stdin.getAndSet(null);
    }

    /** Forgets the pipe if it is still {@code pipe}. */
    void forgetStdin(CompletableFuture<RandomAccessFile> pipe) {
        stdin.compareAndSet(pipe, null);
    }
}
