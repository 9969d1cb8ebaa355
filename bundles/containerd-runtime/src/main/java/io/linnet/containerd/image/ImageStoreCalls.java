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
            if (missingContent(e)) {
                // a blob gone under an image is the store's fault, not "no such image": a 404 here
                // would send a build's FROM to the registry
                LOG.warn("{}: {}", what, e.getStatus().getDescription());
                throw new ImageStoreException(what + ": " + e.getStatus().getDescription(), e);
            }
            throw GrpcErrors.toEngineException(e, containerd.address());
        } catch (ContentStore.MissingContentException e) {
            LOG.warn("{}: {}", what, e.getMessage()); // a known state, no stack trace
            throw new ImageStoreException(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
            throw new ImageStoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** containerd's answer for a blob that is not there ("content digest sha256:…: not found"). */
    private static boolean missingContent(StatusRuntimeException e) {
        return e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND
                && String.valueOf(e.getStatus().getDescription()).startsWith("content digest ");
    }
}
