package io.linnet.engine.api;

/**
 * Base of the errors engine services raise. Each subclass is one of Docker's error kinds
 * (moby's errdefs); the HTTP host maps the kind to dockerd's status code, so the message
 * must already be the text a Docker user expects to read.
 */
public abstract class EngineException extends RuntimeException {
    protected EngineException(String message) {
        super(message);
    }

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
