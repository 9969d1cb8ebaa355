package io.linnet.containerd.files;

import io.linnet.engine.api.EngineException;

/** A file system operation failed inside the container (dockerd's errdefs.System: 500). */
final class ArchiveFailure extends EngineException {
    ArchiveFailure(String message) {
        super(message);
    }

    ArchiveFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
