package io.linnet.containerd.container;

import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.tasks.KillRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerHealth;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.ExecCreate;
import io.linnet.engine.api.container.ExecService;
import io.linnet.engine.api.container.HealthService;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs healthchecks as dockerd does: while a container with a healthcheck runs, its probe runs as
 * an exec every Interval (the first one Interval after the start), a probe running longer than
 * Timeout is killed, and State.Health follows the results; a status change is a
 * {@code health_status: <status>} event.
 *
 * <p>Starts and stops are learnt from the daemon's own container events (start, die, destroy), so
 * the container service needs no hook; at activation the running containers are picked up, which
 * also resumes monitoring after a daemon restart, with the health kept for the same run
 * ({@link HealthStore}).
 */
@Component(service = HealthService.class)
public final class HealthMonitor implements HealthService {

    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    /** moby's maxOutputLen. */
    static final int MAX_OUTPUT = 4096;
    private static final Set<String> WATCHED = Set.of("start", "die", "destroy");

    private final ContainerdConnection containerd;
    private final ContainerService containers;
    private final ExecService execs;
    private final EventService events;
    private final Map<String, HealthState> states = new ConcurrentHashMap<>();
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "health-monitor");
        t.setDaemon(true);
        return t;
    });
    private final EventService.Subscription subscription;
    private final HealthStore store;

    @Activate
    public HealthMonitor(@Reference ContainerdConnection containerd, @Reference ContainerService containers,
            @Reference ExecService execs, @Reference EventService events) {
        this.containerd = containerd;
        this.containers = containers;
        this.execs = execs;
        this.events = events;
        this.store = new HealthStore(containerd);
        // subscribe first, then look: a container starting in between is seen at least once
        this.subscription = events.subscribe(-1, 0,
                e -> "container".equals(e.type()) && WATCHED.contains(e.action()), this::onEvent);
        worker.execute(this::resumeRunning);
    }

    @Deactivate
    void deactivate() {
        subscription.close();
        probes.values().forEach(Probe::cancel);
        worker.shutdownNow();
    }

    @Override
    public Optional<ContainerHealth> health(String containerId) {
        HealthState state = states.get(containerId);
        return state == null ? Optional.empty() : Optional.of(state.snapshot());
    }

    private boolean onEvent(Event e) {
        String id = e.actorId();
        try {
            worker.execute(() -> {
                switch (e.action()) {
                    case "start" -> monitor(id);
                    case "die" -> stop(id);
                    default -> {
                        stop(id);
                        states.remove(id);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            return false; // deactivated
        }
        return true;
    }

    private void resumeRunning() {
        try {
            for (Container c : containers.list()) {
                if (c.state().running()) {
                    monitor(c.id());
                }
            }
        } catch (RuntimeException ex) {
            LOG.warn("could not resume healthchecks: {}", ex.toString());
        }
    }

    /** Begins monitoring a container that runs now (nothing when it has no healthcheck). */
    private void monitor(String id) {
        Container c;
        try {
            c = containers.get(id);
        } catch (NotFoundException ex) {
            return;
        }
        if (!c.state().running() || c.state().startedAt() == null) {
            return;
        }
        Optional<HealthcheckConfig> config = HealthcheckConfig.of(c.config());
        if (config.isEmpty()) {
            return;
        }
        Probe previous = probes.get(id);
        if (previous != null && previous.startedAt.equals(c.state().startedAt())) {
            return; // already watching this run
        }
        stop(id);
        HealthcheckConfig hc = config.get();
        HealthState known = states.get(id);
        if (known == null) {
            // a daemon before this one may have watched this run: go on from what it kept
            known = store.load(id)
                    .map(kept -> HealthState.resumed(kept.startedAt(), hc.startPeriod(), hc.retries(), kept.health()))
                    .orElse(null);
        }
        if (known != null && known.startedAt().equals(c.state().startedAt())) {
            states.put(id, known);
        } else if (known != null) {
            known.restarted(c.state().startedAt(), hc.startPeriod(), hc.retries());
            states.put(id, known);
        } else {
            states.put(id, new HealthState(c.state().startedAt(), hc.startPeriod(), hc.retries()));
        }
        Probe probe = new Probe(c, hc);
        probes.put(id, probe);
        probe.schedule();
        LOG.debug("container {}: healthcheck every {}: {}", id, hc.interval(), hc.command());
    }

    private void stop(String id) {
        Probe probe = probes.remove(id);
        if (probe != null) {
            probe.cancel();
        }
    }

    /** The probe loop of one run of one container. */
    private final class Probe {
        final Container container;
        final HealthcheckConfig config;
        final Instant startedAt;
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile ScheduledFuture<?> next;

        Probe(Container container, HealthcheckConfig config) {
            this.container = container;
            this.config = config;
            this.startedAt = container.state().startedAt();
        }

        void schedule() {
            if (!cancelled.get()) {
                next = worker.schedule(this::run, config.interval().toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        void cancel() {
            cancelled.set(true);
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }

        private void run() {
            if (cancelled.get()) {
                return;
            }
            String id = container.id();
            Instant start = Instant.now();
            String execId;
            ExecService.Run run;
            LimitedOutput output = new LimitedOutput();
            try {
                execId = execs.create(id, new ExecCreate(config.command(), null, "", "", false, false, false,
                        true, true, ""));
                run = execs.start(execId, output, output, 0, 0);
            } catch (RuntimeException ex) {
                // the container stopped meanwhile (its die event ends the loop) or exec failed
                if (!cancelled.get() && stillRunning(id)) {
                    finish(new ContainerHealth.Result(start, Instant.now(), -1, ex.getMessage()));
                }
                return;
            }
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> timeout = worker.schedule(() -> {
                timedOut.set(true);
                kill(id, execId);
            }, config.timeout().toNanos(), TimeUnit.NANOSECONDS);
            run.done().whenComplete((code, error) -> {
                timeout.cancel(false);
                if (cancelled.get()) {
                    return;
                }
                Instant end = Instant.now();
                if (timedOut.get()) {
                    finish(new ContainerHealth.Result(start, end, -1,
                            "Health check exceeded timeout (" + HealthcheckConfig.goDuration(config.timeout()) + ")"));
                } else {
                    finish(new ContainerHealth.Result(start, end, error == null ? code : -1,
                            error == null ? output.text() : String.valueOf(error.getMessage())));
                }
            });
        }

        private void finish(ContainerHealth.Result result) {
            HealthState state = states.get(container.id());
            if (state != null && probes.get(container.id()) == this) {
                String changed = state.record(result);
                store.save(container.id(), startedAt, state.snapshot());
                if (changed != null) {
                    publish(changed);
                }
            }
            schedule();
        }

        private void publish(String status) {
            Map<String, String> attributes = new HashMap<>(container.labels());
            attributes.put("image", container.image());
            attributes.put("name", container.name().startsWith("/") ? container.name().substring(1) : container.name());
            try {
                events.publish(Event.now("container", "health_status: " + status, container.id(), attributes));
            } catch (RuntimeException ex) {
                LOG.debug("could not publish health_status: {}", ex.toString());
            }
        }
    }

    private boolean stillRunning(String id) {
        try {
            return containers.get(id).state().running();
        } catch (NotFoundException ex) {
            return false;
        }
    }

    private void kill(String containerId, String execId) {
        try {
            containerd.blocking(TasksGrpc::newBlockingStub).kill(KillRequest.newBuilder().setContainerId(containerId)
                    .setExecId(execId).setSignal(9).build());
        } catch (RuntimeException ex) {
            LOG.debug("container {}: killing probe {}: {}", containerId, execId, ex.toString());
        }
    }

    /** stdout and stderr of a probe together, the first 4096 bytes kept (moby's limitedBuffer). */
    static final class LimitedOutput extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (buffer.size() < MAX_OUTPUT) {
                buffer.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = MAX_OUTPUT - buffer.size();
            if (room > 0) {
                buffer.write(b, off, Math.min(room, len));
            }
        }

        synchronized String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
