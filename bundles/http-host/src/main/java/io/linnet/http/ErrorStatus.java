package io.linnet.http;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.NotImplementedException;
import io.linnet.engine.api.NotModifiedException;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.UnavailableException;

/** dockerd's HTTP status for each kind of engine error (moby's errdefs → httpstatus). */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static int of(EngineException e) {
        if (e instanceof NotFoundException) {
            return 404;
        } else if (e instanceof InvalidParameterException) {
            return 400;
        } else if (e instanceof ConflictException) {
            return 409;
        } else if (e instanceof NotModifiedException) {
            return 304;
        } else if (e instanceof UnauthorizedException) {
            return 401;
        } else if (e instanceof ForbiddenException) {
            return 403;
        } else if (e instanceof UnavailableException) {
            return 503;
        } else if (e instanceof NotImplementedException) {
            return 501;
        }
        return 500;
    }
}
