package io.linnet.engine.api.build;

import io.linnet.engine.api.EngineException;

/** A build step failed ("The command '/bin/sh -c false' returned a non-zero code: 1"). */
public class BuildFailedException extends EngineException {
    public BuildFailedException(String message) {
        super(message);
    }
}
