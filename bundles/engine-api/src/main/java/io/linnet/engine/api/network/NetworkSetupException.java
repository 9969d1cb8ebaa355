package io.linnet.engine.api.network;

import io.linnet.engine.api.EngineException;

/** A container's networking could not be set up (dockerd answers 500 with the driver's message). */
public class NetworkSetupException extends EngineException {
    public NetworkSetupException(String message) {
        super(message);
    }
}
