package io.linnet.containerd.client;

import io.grpc.StatusRuntimeException;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.NotImplementedException;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.UnavailableException;

/**
 * containerd's grpc status codes turned into the engine's error kinds (containerd's errdefs map
 * onto moby's the same way). Callers that know better (a NOT_FOUND that means "No such container")
 * should build their own message first and use this for the rest.
 */
public final class GrpcErrors {

    private static final String UNAVAILABLE_PREFIX = "containerd is not available at ";

    private GrpcErrors() {
    }

    /** @param address where containerd was expected, for the unavailable message */
    public static RuntimeException toEngineException(StatusRuntimeException e, String address) {
        String detail = e.getStatus().getDescription() != null ? e.getStatus().getDescription() : e.getStatus().getCode().name();
        return switch (e.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> new UnavailableException(detail.startsWith(UNAVAILABLE_PREFIX)
                    ? withCause(detail, e) // named already by ContainerdGapWait
                    : UNAVAILABLE_PREFIX + address + ": " + withCause(detail, e), e);
            case NOT_FOUND -> new NotFoundException(detail, e);
            case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> new ConflictException(detail, e);
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new InvalidParameterException(detail, e);
            case UNIMPLEMENTED -> new NotImplementedException(detail, e);
            case PERMISSION_DENIED -> new ForbiddenException(detail, e);
            case UNAUTHENTICATED -> new UnauthorizedException(detail, e);
            default -> new IllegalStateException("containerd: " + detail, e);
        };
    }

    /** grpc says "io exception"; the transport's cause says what happened ("Connection refused"). */
    private static String withCause(String detail, StatusRuntimeException e) {
        Throwable cause = e.getStatus().getCause();
        if (cause == null) {
            return detail;
        }
        // a missing socket file comes as a FileNotFoundException without message
        return detail + " (" + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()) + ")";
    }
}
