package io.linnet.engine.api.build;

import io.linnet.engine.api.EngineException;

/**
 * A build failed in a way dockerd answers with 500 before any output, or with an error line
 * after it ("The command '/bin/sh -c false' returned a non-zero code: 1", whose {@link #code()} is 1).
 */
public class BuildFailedException extends EngineException {
    private final int code;

    public BuildFailedException(String message) {
        this(message, 0);
    }

    public BuildFailedException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The failed command's exit code for the error line's "code"; 0 when there is none. */
    public int code() {
        return code;
    }
}
