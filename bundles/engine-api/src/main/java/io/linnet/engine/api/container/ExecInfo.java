package io.linnet.engine.api.container;

import java.util.List;

/**
 * An exec instance as {@code GET /exec/{id}/json} shows it.
 *
 * @param exitCode  null until the process has exited
 * @param pid       0 before it started
 * @param canRemove true once the daemon is about to forget it (as dockerd's exec GC marks it)
 */
public record ExecInfo(String id, String containerId, boolean running, Integer exitCode, int pid,
        String entrypoint, List<String> arguments, boolean tty, boolean privileged, String user,
        boolean openStdin, boolean openStdout, boolean openStderr, boolean canRemove, String detachKeys) {

    public ExecInfo {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }
}
