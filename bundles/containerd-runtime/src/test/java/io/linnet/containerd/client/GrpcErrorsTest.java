package io.linnet.containerd.client;

import io.grpc.Status;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnavailableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrpcErrorsTest {

    @Test
    void unreachableContainerdIsUnavailableAndNamesTheSocket() {
        RuntimeException e = GrpcErrors.toEngineException(
                Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException(), "/run/x.sock");
        assertInstanceOf(UnavailableException.class, e);
        assertTrue(e.getMessage().contains("/run/x.sock"), e.getMessage());
    }

    @Test
    void containerdErrorKindsMapToEngineKinds() {
        RuntimeException notFound = GrpcErrors.toEngineException(
                Status.NOT_FOUND.withDescription("container \"x\": not found").asRuntimeException(), "s");
        assertInstanceOf(NotFoundException.class, notFound);
        assertEquals("container \"x\": not found", notFound.getMessage());
        assertInstanceOf(ConflictException.class,
                GrpcErrors.toEngineException(Status.ALREADY_EXISTS.asRuntimeException(), "s"));
    }
}
