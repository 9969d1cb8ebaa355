package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.api.model.ErrorResponse;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.NotImplementedException;
import io.linnet.engine.api.NotModifiedException;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.UnavailableException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ErrorStatusTest {

    @Test
    void eachEngineErrorKindGetsDockerdsStatus() {
        assertEquals(404, ErrorStatus.of(new NotFoundException("No such container: x")));
        assertEquals(400, ErrorStatus.of(new InvalidParameterException("bad")));
        assertEquals(409, ErrorStatus.of(new ConflictException("in use")));
        assertEquals(304, ErrorStatus.of(new NotModifiedException("already started")));
        assertEquals(401, ErrorStatus.of(new UnauthorizedException("login")));
        assertEquals(403, ErrorStatus.of(new ForbiddenException("no")));
        assertEquals(503, ErrorStatus.of(new UnavailableException("containerd down")));
        assertEquals(501, ErrorStatus.of(new NotImplementedException("later")));
        assertEquals(500, ErrorStatus.of(new EngineException("other") { }));
    }

    @Test
    void engineErrorsKeepTheirMessageInDockersBody() {
        Response r = new ExceptionMappers.Engine(new SwapWindow()).toResponse(new NotFoundException("No such container: web"));
        assertEquals(404, r.getStatus());
        assertEquals(new ErrorResponse("No such container: web"), r.getEntity());
    }

    @Test
    void unknownRouteIsPageNotFound() {
        Response r = new ExceptionMappers.Web(new SwapWindow()).toResponse(new jakarta.ws.rs.NotFoundException());
        assertEquals(404, r.getStatus());
        assertEquals(new ErrorResponse("page not found"), r.getEntity());
    }

    @Test
    void duringABundleSwapMissingRoutesAndFailuresAre503UntilTheNextApplicationServes() {
        SwapWindow swap = new SwapWindow();
        swap.swapStarted();
        assertEquals(503, new ExceptionMappers.Web(swap).toResponse(new jakarta.ws.rs.NotFoundException()).getStatus());
        assertEquals(503, new ExceptionMappers.Unhandled(swap).toResponse(new IllegalStateException("closed")).getStatus());
        assertEquals(404, new ExceptionMappers.Engine(swap).toResponse(new NotFoundException("No such container: web")).getStatus());
        swap.rebuilt(swap.gathering()); // an application built mid-swap does not close the window
        long gatheredBeforeTheEnd = swap.gathering();
        swap.swapEnded();
        assertEquals(503, new ExceptionMappers.Web(swap).toResponse(new jakarta.ws.rs.NotFoundException()).getStatus());
        swap.rebuilt(gatheredBeforeTheEnd); // nor one whose resources were gathered before the swap ended
        assertEquals(503, new ExceptionMappers.Web(swap).toResponse(new jakarta.ws.rs.NotFoundException()).getStatus());
        swap.rebuilt(swap.gathering());
        assertEquals(404, new ExceptionMappers.Web(swap).toResponse(new jakarta.ws.rs.NotFoundException()).getStatus());
        assertEquals(500, new ExceptionMappers.Unhandled(swap).toResponse(new IllegalStateException("bug")).getStatus());
    }
}
