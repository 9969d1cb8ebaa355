package io.linnet.engine.api.container;

import java.util.List;

/**
 * What {@code POST /containers/{id}/exec} asks for.
 *
 * @param cmd        the command and its arguments (not empty)
 * @param env        KEY=value entries added to (or replacing) the container's
 * @param workingDir empty for the container's
 * @param user       empty for the container's
 */
public record ExecCreate(List<String> cmd, List<String> env, String workingDir, String user, boolean privileged,
        boolean tty, boolean attachStdin, boolean attachStdout, boolean attachStderr, String detachKeys) {

    public ExecCreate {
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        detachKeys = detachKeys == null ? "" : detachKeys;
    }
}
