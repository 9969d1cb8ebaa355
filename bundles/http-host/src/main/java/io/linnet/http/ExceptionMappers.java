package io.linnet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.linnet.engine.api.EngineException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into Docker's error body with dockerd's status code. */
final class ExceptionMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionMappers.class);

    private ExceptionMappers() {
    }

    static Object[] all(SwapWindow swap) {
        return of(swap).all();
    }

    static Set of(SwapWindow swap) {
        return new Set(new Engine(swap), new Web(swap), new Json(), new InvalidBody(), new Unhandled(swap));
    }

    /** One application's mappers: registered with Jersey, and applied the same way to direct routes' errors. */
    record Set(Engine engine, Web web, Json json, InvalidBody invalidBody, Unhandled unhandled) {
        Object[] all() {
            return new Object[] {engine, web, json, invalidBody, unhandled};
        }

        /** The answer Jersey gives for {@code e}: each mapped type is unrelated to the others, Throwable takes the rest. */
        Response toResponse(Throwable e) {
            if (e instanceof EngineException x) {
                return engine.toResponse(x);
            }
            if (e instanceof WebApplicationException x) {
                return web.toResponse(x);
            }
            if (e instanceof JsonProcessingException x) {
                return json.toResponse(x);
            }
            if (e instanceof io.linnet.api.model.InvalidJsonException x) {
                return invalidBody.toResponse(x);
            }
            return unhandled.toResponse(e);
        }
    }

    /** While a bundle is replaced, what is only missing for that moment is a 503 to retry. */
    private static Response duringSwap() {
        return ErrorResponses.of(503, "the daemon is replacing a bundle: try again");
    }

    static final class Engine implements ExceptionMapper<EngineException> {
        private final SwapWindow swap;

        Engine(SwapWindow swap) {
            this.swap = swap;
        }

        @Override
        public Response toResponse(EngineException e) {
            int status = ErrorStatus.of(e);
            if (status >= 500 && swap.open()) {
                return duringSwap();
            }
            if (status >= 500) {
                LOG.warn("request failed: {}", e.getMessage(), e);
            }
            return ErrorResponses.of(status, e.getMessage());
        }
    }

    static final class Web implements ExceptionMapper<WebApplicationException> {
        private final SwapWindow swap;

        Web(SwapWindow swap) {
            this.swap = swap;
        }

        @Override
        public Response toResponse(WebApplicationException e) {
            if (e instanceof NotFoundException && swap.open()) {
                return duringSwap();
            }
            if (e instanceof NotFoundException || e instanceof NotAllowedException) {
                // dockerd's router answers unknown routes, and known ones with another method, so.
                return ErrorResponses.of(404, "page not found");
            }
            Response r = e.getResponse();
            if (r.hasEntity()) {
                return r;
            }
            String message = e.getMessage() != null ? e.getMessage() : r.getStatusInfo().getReasonPhrase();
            return ErrorResponses.of(r.getStatus(), message);
        }
    }

    /** A request body that is not the JSON the endpoint expects is the client's error. */
    static final class Json implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return ErrorResponses.of(400, e.getOriginalMessage());
        }
    }

    static final class InvalidBody implements ExceptionMapper<io.linnet.api.model.InvalidJsonException> {
        @Override
        public Response toResponse(io.linnet.api.model.InvalidJsonException e) {
            return ErrorResponses.of(400, e.getMessage());
        }
    }

    static final class Unhandled implements ExceptionMapper<Throwable> {
        private final SwapWindow swap;

        Unhandled(SwapWindow swap) {
            this.swap = swap;
        }

        @Override
        public Response toResponse(Throwable e) {
            if (swap.open()) {
                LOG.debug("request failed while a bundle is replaced", e);
                return duringSwap();
            }
            LOG.error("unhandled error while serving a request", e);
            return ErrorResponses.of(500, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }
}
