package io.linnet.containerd.image;

import io.linnet.engine.api.EngineException;

/** An unexpected failure of an image operation (dockerd answers 500); the message names the image. */
final class ImageStoreException extends EngineException {
    ImageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
