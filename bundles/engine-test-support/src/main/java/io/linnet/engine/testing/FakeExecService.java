package io.linnet.engine.testing;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ExecCreate;
import io.linnet.engine.api.container.ExecInfo;
import io.linnet.engine.api.container.ExecService;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Exec instances on the fake containers, with the real service's checks (command given, container
 * running and not paused, started once) and error texts. A started process exits at once with 0.
 */
public final class FakeExecService implements ExecService {
    private final FakeContainerService containers;
    private final Map<String, ExecInfo> execs = new LinkedHashMap<>();
    private final Ids ids = new Ids("exec");

    public FakeExecService(FakeContainerService containers) {
        this.containers = containers;
    }

    /** Forgets every exec instance. */
    public synchronized void reset() {
        execs.clear();
    }

    @Override
    public synchronized String create(String containerIdOrName, ExecCreate request) {
        if (request.cmd().isEmpty()) {
            throw new InvalidParameterException("No exec command specified");
        }
        Container c = containers.get(containerIdOrName);
        checkRunning(c);
        String id = ids.next();
        execs.put(id, new ExecInfo(id, c.id(), false, null, 0, request.cmd().get(0),
                request.cmd().subList(1, request.cmd().size()), request.tty(), request.privileged(), request.user(),
                request.attachStdin(), request.attachStdout(), request.attachStderr(), false, request.detachKeys()));
        return id;
    }

    @Override
    public synchronized ExecInfo inspect(String execId) {
        ExecInfo exec = execId == null ? null : execs.get(execId);
        if (exec == null) {
            throw new NotFoundException("No such exec instance: " + execId);
        }
        return exec;
    }

    @Override
    public synchronized ExecInfo checkStartable(String execId) {
        ExecInfo exec = inspect(execId);
        if (exec.exitCode() != null) {
            throw new ConflictException("Error: Exec command " + execId + " has already run");
        }
        if (exec.running()) {
            throw new ConflictException("Error: Exec command " + execId + " is already running");
        }
        checkRunning(containers.get(exec.containerId()));
        return exec;
    }

    @Override
    public synchronized Run start(String execId, OutputStream stdout, OutputStream stderr, int consoleHeight,
            int consoleWidth) {
        ExecInfo e = checkStartable(execId);
        execs.put(execId, new ExecInfo(e.id(), e.containerId(), false, 0, 0, e.entrypoint(), e.arguments(), e.tty(),
                e.privileged(), e.user(), e.openStdin(), e.openStdout(), e.openStderr(), false, e.detachKeys()));
        return new Run() {
            @Override
            public OutputStream stdin() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public CompletionStage<Integer> done() {
                return CompletableFuture.completedFuture(0);
            }
        };
    }

    @Override
    public synchronized void resize(String execId, int height, int width) {
        if (!inspect(execId).running()) {
            throw new ConflictException("Exec " + execId + " is not running");
        }
    }

    private static void checkRunning(Container c) {
        if (c.state().paused()) {
            throw new ConflictException("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
    }
}
