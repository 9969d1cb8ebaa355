package io.linnet.containerd.container;

import java.util.Locale;

/**
 * What a failed task start means, as dockerd's {@code translateContainerdStartErr} reads runc's
 * message: a command that is missing (exit code 127) or cannot be run (126), or a file mounted on a
 * directory (127), is the caller's mistake (400); anything else is the daemon's (128, 500).
 *
 * @param exitCode  the exit code the container keeps
 * @param callerError whether the request is at fault (invalid configuration)
 * @param message   the message the client sees
 */
record StartFailure(int exitCode, boolean callerError, String message) {

    static StartFailure of(String command, String runtimeMessage) {
        String message = "failed to create task for container: " + runtimeMessage;
        String lower = runtimeMessage.toLowerCase(Locale.ROOT);
        if (lower.contains("not a directory")) {
            return new StartFailure(127, true, message + ": Are you trying to mount a directory onto a file (or"
                    + " vice-versa)? Check if the specified host path exists and is the expected type");
        }
        if (lower.contains("permission denied")) {
            return new StartFailure(126, true, message);
        }
        boolean namesCommand = !command.isEmpty() && lower.contains(command.toLowerCase(Locale.ROOT));
        if (namesCommand && (lower.contains("executable file not found") || lower.contains("no such file or directory"))) {
            return new StartFailure(127, true, message);
        }
        return new StartFailure(128, false, message);
    }
}
