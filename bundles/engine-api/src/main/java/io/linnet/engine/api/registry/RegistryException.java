package io.linnet.engine.api.registry;

import io.linnet.engine.api.EngineException;

/**
 * A registry could not be reached or answered in a way the operation cannot use (dockerd
 * answers 500); the message is the text dockerd prints, e.g. {@code Get "http://127.0.0.1:5001/v2/":
 * dial tcp 127.0.0.1:5001: connect: connection refused}.
 */
public class RegistryException extends EngineException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
