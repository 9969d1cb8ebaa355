package io.linnet.containerd.image;

import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.GrpcErrors;
import io.linnet.engine.api.EngineException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an image operation's failure reaches the client: engine errors as they are, containerd's
 * gRPC status as the matching engine error, missing content and anything else a 500 naming the
 * operation.
 */
final class ImageStoreCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStoreCalls.class);

    private ImageStoreCalls() {
    }

    static <T> T call(ContainerdConnection containerd, String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (EngineException | UncheckedIOException e) {
            throw e;
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toEngineException(e, containerd.address());
        } catch (ContentStore.MissingContentException e) {
            throw new ImageStoreException(what + ": " + e.getMessage(), e); // a known state, no stack trace
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
            throw new ImageStoreException(what + " failed: " + e.getMessage(), e);
        }
    }
}
