package io.linnet.engine.api.container;

import java.time.Instant;

/**
 * A container's run state.
 *
 * @param status     "created", "running", "paused", "restarting", "removing", "exited", "dead"
 * @param startedAt  null when never started
 * @param finishedAt null when never finished
 */
public record ContainerState(String status, boolean running, boolean paused, int pid, int exitCode,
        boolean oomKilled, String error, Instant startedAt, Instant finishedAt) {

    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    public static final String EXITED = "exited";
    public static final String REMOVING = "removing";

    public ContainerState {
        error = error == null ? "" : error;
    }

    public static ContainerState created() {
        return new ContainerState(CREATED, false, false, 0, 0, false, "", null, null);
    }
}
