package io.linnet.containerd.container;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.host.MemInfo;
import io.linnet.containerd.proto.tasks.ListPidsRequest;
import io.linnet.containerd.proto.tasks.MetricsRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.types.Metric;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerMonitor;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.ContainerStats;
import io.linnet.engine.api.container.ContainerTop;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker top} (the host's ps, rows kept for the task's pids from Tasks.ListPids) and
 * {@code docker stats} (Tasks.Metrics, /proc/stat, the task's /proc/<pid>/net/dev).
 */
@Component(service = ContainerMonitor.class)
public final class ContainerdContainerMonitor implements ContainerMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdContainerMonitor.class);
    private static final int MAX_PS_OUTPUT = 16 * 1024 * 1024;

    private final ContainerdConnection containerd;
    private final ContainerService containers;
    private final long machineMemory = MemInfo.readMemTotal();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventService eventService;

    @Activate
    public ContainerdContainerMonitor(@Reference ContainerdConnection containerd, @Reference ContainerService containers) {
        this.containerd = containerd;
        this.containers = containers;
    }

    // ---------------------------------------------------------------- top

    @Override
    public ContainerTop top(String idOrName, String psArgs) {
        String args = psArgs == null || psArgs.isEmpty() ? "-ef" : psArgs;
        PsOutput.validateArgs(args);
        Container c = containers.get(idOrName);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        List<Integer> pids = new ArrayList<>();
        containerd.blocking(TasksGrpc::newBlockingStub).listPids(ListPidsRequest.newBuilder().setContainerId(c.id())
                .build()).getProcessesList().forEach(p -> pids.add(p.getPid()));
        List<String> command = new ArrayList<>();
        command.add("ps");
        command.addAll(List.of(args.split(" ", -1)));
        List<String> withPids = new ArrayList<>(command);
        withPids.add(PsOutput.pidsArg(pids));
        PsRun run = ps(withPids);
        if (run.exitCode != 0) {
            run = ps(command); // some options (f) do not go with -q: as moby, try without
            if (run.exitCode != 0) {
                String first = run.stderr.split("\n", 2)[0];
                throw new IllegalStateException("ps: " + (first.isEmpty() ? "exit status " + run.exitCode : first));
            }
        }
        ContainerTop top = PsOutput.parse(run.stdout, new HashSet<>(pids));
        publishTop(c);
        return top;
    }

    /** dockerd logs a container "top" event for every answered top. */
    private void publishTop(Container c) {
        EventService events = eventService;
        if (events == null) {
            return;
        }
        Map<String, String> attributes = new java.util.HashMap<>(c.labels());
        attributes.put("image", c.image());
        attributes.put("name", c.name().startsWith("/") ? c.name().substring(1) : c.name());
        try {
            events.publish(Event.now("container", "top", c.id(), attributes));
        } catch (RuntimeException e) {
            LOG.debug("could not publish top: {}", e.toString());
        }
    }

    private record PsRun(int exitCode, String stdout, String stderr) {
    }

    private static PsRun ps(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ps: timed out");
            }
            return new PsRun(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new IllegalStateException("ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ps: interrupted", e);
        }
    }

    /** At most {@link #MAX_PS_OUTPUT} bytes are kept; the rest is read and dropped. */
    private static String read(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() < MAX_PS_OUTPUT) {
                    out.write(buffer, 0, Math.min(n, MAX_PS_OUTPUT - out.size()));
                }
            }
        } catch (IOException e) {
            // what was read is what there is
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- stats

    @Override
    public ContainerStats stats(String idOrName) {
        Container c = containers.get(idOrName);
        if (!c.state().running()) {
            return ContainerStats.empty(c.id(), c.name());
        }
        List<Metric> metrics;
        try {
            metrics = containerd.blocking(TasksGrpc::newBlockingStub)
                    .metrics(MetricsRequest.newBuilder().addFilters("id==" + c.id()).build()).getMetricsList();
        } catch (StatusRuntimeException e) {
            LOG.debug("container {}: metrics: {}", c.id(), e.getStatus());
            return ContainerStats.empty(c.id(), c.name()); // it stopped meanwhile
        }
        if (metrics.isEmpty()) {
            return ContainerStats.empty(c.id(), c.name());
        }
        Metric metric = metrics.get(0);
        CgroupStats.Parts parts;
        try {
            parts = CgroupStats.parse(metric.getData().getTypeUrl(), metric.getData().getValue().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable metrics of container " + c.id() + ": " + e.getMessage(), e);
        }
        HostStats.SystemCpu system = HostStats.systemCpu(readOr(Path.of("/proc/stat"), ""));
        ContainerStats.Cpu cpu = new ContainerStats.Cpu(parts.cpuTotal(), parts.perCpu(), parts.cpuKernel(),
                parts.cpuUser(), system.usageNanos(), system.onlineCpus(), parts.periods(), parts.throttledPeriods(),
                parts.throttledTime());
        ContainerStats.Memory memory = parts.memory();
        if (memory != null && machineMemory > 0 && Long.compareUnsigned(memory.limit(), machineMemory) > 0) {
            // no limit: the machine's memory, as dockerd shows it
            memory = new ContainerStats.Memory(memory.usage(), memory.maxUsage(), memory.failcnt(), machineMemory,
                    memory.stats());
        }
        Map<String, ContainerStats.Network> networks = c.state().pid() > 0
                ? HostStats.networks(readOr(Path.of("/proc", String.valueOf(c.state().pid()), "net", "dev"), ""))
                : Map.of();
        Instant read = metric.hasTimestamp()
                ? Instant.ofEpochSecond(metric.getTimestamp().getSeconds(), metric.getTimestamp().getNanos())
                : Instant.now();
        return new ContainerStats(c.id(), c.name(), read, parts.pids(), cpu, memory, parts.blkio(), networks);
    }

    private static String readOr(Path file, String fallback) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return fallback;
        }
    }
}
