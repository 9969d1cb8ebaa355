package io.linnet.containerd.container;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.EventSubscription;
import io.linnet.containerd.proto.events.Envelope;
import io.linnet.containerd.proto.events.EventsGrpc;
import io.linnet.containerd.proto.events.PublishRequest;
import io.linnet.containerd.proto.events.SubscribeRequest;
import io.linnet.containerd.proto.events.task.TaskOOM;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.tasks.WaitRequest;
import io.linnet.containerd.proto.tasks.WaitResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscription to containerd's task events in the daemon's namespace: completes the exit of
 * containers someone expects, remembers OOM kills, and passes every envelope to listeners. The
 * subscription is known to be live once a marker event the daemon published comes back; when the
 * stream breaks it resubscribes and asks Tasks.Wait for the exits it may have missed.
 */
final class TaskEvents implements AutoCloseable {

    static final String TASK_EXIT = "containerd.events.TaskExit";
    static final String TASK_OOM = "containerd.events.TaskOOM";
    private static final Logger LOG = LoggerFactory.getLogger(TaskEvents.class);
    private static final String MARKER_TOPIC = "/linnet/subscribed";
    private static final long MARKER_FIRST_RETRY_MILLIS = 5;
    private static final long MARKER_MAX_RETRY_MILLIS = 100;

    private final ContainerdConnection containerd;
    private final Map<String, CompletableFuture<TaskExit>> expected = new ConcurrentHashMap<>();
    private final Set<String> oomKilled = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Consumer<Envelope>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> resubscribed = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "containerd-events-retry");
        t.setDaemon(true);
        return t;
    });
    private final EventSubscription subscription;
    private volatile CompletableFuture<Void> live = new CompletableFuture<>();
    private volatile String marker;
    private volatile boolean closed;
    /** Moves whenever a task may have changed: a task event, or the daemon's own task write. */
    private final java.util.concurrent.atomic.AtomicLong taskGeneration = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean resubscribing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean brokeWhileResubscribing;

    TaskEvents(ContainerdConnection containerd) {
        this.containerd = containerd;
        this.subscription = new EventSubscription(containerd);
    }

    /** Subscribes and returns once containerd delivers to the subscription. */
    TaskEvents open(Duration timeout) {
        subscribe();
        awaitLive(timeout);
        return this;
    }

    /**
     * The subscription is registered in containerd some time after the call goes out: a marker
     * published before that is lost, so publish it again until one comes back. The registration
     * usually takes a few milliseconds: the first retries come soon (a first retry after 100 ms
     * cost many an engine swap 100 ms), later ones back off.
     */
    private void awaitLive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long retryMillis = MARKER_FIRST_RETRY_MILLIS;
        while (true) {
            try {
                live.get(retryMillis, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("containerd event subscription not live within "
                            + timeout.toMillis() + " ms", notYet);
                }
                publishMarker();
                retryMillis = Math.min(retryMillis * 2, MARKER_MAX_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while subscribing to containerd events", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("containerd event subscription failed", e.getCause());
            }
        }
    }

    /**
     * The daemon changes a task (create, start, pause, resume, delete): call before the call to
     * containerd and after it, so that a task listing made meanwhile is never taken as current.
     */
    void taskChanging() {
        taskGeneration.incrementAndGet();
    }

    /** Unchanged since a task listing began: the listing is still what containerd would answer. */
    long taskGeneration() {
        return taskGeneration.get();
    }

    void addListener(Consumer<Envelope> listener) {
        listeners.add(listener);
    }

    /** Called after the stream broke and was subscribed again: events in the gap were missed. */
    void onResubscribed(Runnable listener) {
        resubscribed.add(listener);
    }

    /** Call before the task starts; the future completes on its TaskExit. */
    CompletableFuture<TaskExit> expectExit(String containerId) {
        oomKilled.remove(containerId);
        return expected.computeIfAbsent(containerId, id -> new CompletableFuture<>());
    }

    void forget(String containerId) {
        expected.remove(containerId);
        oomKilled.remove(containerId);
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        String ns = containerd.namespace();
        marker = UUID.randomUUID().toString();
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .addFilters("namespace==" + ns + ",topic~=\"^/tasks/\"")
                .addFilters("namespace==" + ns + ",topic~=\"^/containers/\"")
                .addFilters("namespace==" + ns + ",topic==\"" + MARKER_TOPIC + "\"")
                .build();
        subscription.open(request, this::handle, broken -> {
            // one resubscription at a time: a retry under way already covers a stream that broke again
            if (resubscribing.compareAndSet(false, true)) {
                LOG.warn("containerd event stream broke ({}); resubscribing", broken.toString());
                retry.schedule(this::resubscribe, 500, TimeUnit.MILLISECONDS);
            } else {
                brokeWhileResubscribing = true;
            }
        });
        publishMarker();
    }

    private void publishMarker() {
        try {
            containerd.blocking(EventsGrpc::newBlockingStub).publish(PublishRequest.newBuilder().setTopic(MARKER_TOPIC)
                    .setEvent(Any.newBuilder().setTypeUrl("linnet.subscribed").setValue(
                            com.google.protobuf.ByteString.copyFromUtf8(marker))).build());
        } catch (RuntimeException e) {
            LOG.debug("could not publish the subscription marker: {}", e.toString());
        }
    }

    private void resubscribe() {
        if (closed) {
            return;
        }
        taskGeneration.incrementAndGet(); // task events of the gap are lost
        live = new CompletableFuture<>();
        brokeWhileResubscribing = false;
        try {
            subscribe();
            awaitLive(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            retry.schedule(this::resubscribe, 1, TimeUnit.SECONDS);
            return;
        }
        resubscribing.set(false);
        // the new stream broke before this attempt was over (its error was not acted on): again
        if (brokeWhileResubscribing && resubscribing.compareAndSet(false, true)) {
            brokeWhileResubscribing = false;
            retry.schedule(this::resubscribe, 500, TimeUnit.MILLISECONDS);
            return;
        }
        LOG.info("containerd event stream subscribed again");
        resubscribed.forEach(Runnable::run);
        // exits during the gap: Wait answers at once for a stopped task
        expected.forEach((id, future) -> {
            if (!future.isDone()) {
                waitFallback(id, future);
            }
        });
    }

    private void waitFallback(String id, CompletableFuture<TaskExit> future) {
        containerd.async(TasksGrpc::newStub).wait(WaitRequest.newBuilder().setContainerId(id).build(), new StreamObserver<>() {
            @Override
            public void onNext(WaitResponse r) {
                future.complete(new TaskExit(id, (int) r.getExitStatus(), instant(r.getExitedAt()), oomKilled.contains(id)));
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("container {}: wait failed: {}", id, t.toString());
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    /**
     * Whether the event may change what containerd answers of a container's task (its init process:
     * a listing or Get). An exec's coming and going does not, and a busy container's execs would
     * otherwise make every remembered task answer stale.
     */
    static boolean changesATask(Envelope envelope) {
        String topic = envelope.getTopic();
        if (!topic.startsWith("/tasks/") || topic.equals("/tasks/exec-added") || topic.equals("/tasks/exec-started")) {
            return false;
        }
        if (topic.equals("/tasks/exit")) {
            try {
                var exit = io.linnet.containerd.proto.events.task.TaskExit.parseFrom(envelope.getEvent().getValue());
                return exit.getId().equals(exit.getContainerId());
            } catch (InvalidProtocolBufferException unreadable) {
                return true;
            }
        }
        return true;
    }

    private void handle(Envelope envelope) {
        Any event = envelope.getEvent();
        if (changesATask(envelope)) {
            taskGeneration.incrementAndGet();
        }
        try {
            if (envelope.getTopic().equals(MARKER_TOPIC)) {
                if (event.getValue().toStringUtf8().equals(marker)) {
                    live.complete(null);
                }
                return;
            }
            switch (event.getTypeUrl()) {
                case TASK_EXIT -> {
                    var exit = io.linnet.containerd.proto.events.task.TaskExit.parseFrom(event.getValue());
                    if (exit.getId().equals(exit.getContainerId())) {
                        CompletableFuture<TaskExit> future = expected.get(exit.getContainerId());
                        if (future != null) {
                            future.complete(new TaskExit(exit.getContainerId(), (int) exit.getExitStatus(),
                                    instant(exit.getExitedAt()), oomKilled.contains(exit.getContainerId())));
                        }
                    }
                }
                case TASK_OOM -> {
                    String id = TaskOOM.parseFrom(event.getValue()).getContainerId();
                    if (expected.containsKey(id)) {
                        oomKilled.add(id);
                    }
                    LOG.info("container {}: out of memory", id);
                }
                default -> { }
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("unreadable {} event: {}", event.getTypeUrl(), e.getMessage());
        }
        for (Consumer<Envelope> listener : listeners) {
            try {
                listener.accept(envelope);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed: {}", e.toString());
            }
        }
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    @Override
    public void close() {
        closed = true;
        subscription.close(); // first: a break reported meanwhile schedules no retry
        retry.shutdownNow();
    }
}
