package io.linnet.engine.api.container;

import io.linnet.api.model.container.UpdateRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Docker containers: create, look up, start, stop, kill, wait, logs, attach, remove. Lookups take a
 * full ID, a unique ID prefix or a name (with or without the leading slash) and raise
 * {@link io.linnet.engine.api.NotFoundException} ("No such container: x") otherwise.
 */
public interface ContainerService {

    /**
     * Creates a container (not started).
     *
     * @throws io.linnet.engine.api.NotFoundException         "No such image: x" (no implicit pull)
     * @throws io.linnet.engine.api.ConflictException         the name is in use
     * @throws io.linnet.engine.api.InvalidParameterException an invalid name or setting
     */
    Container create(ContainerCreate request);

    Container get(String idOrName);

    /** Every container, newest first. */
    List<Container> list();

    /** @throws io.linnet.engine.api.NotModifiedException when it runs already */
    void start(String idOrName);

    /**
     * Sends the stop signal, then SIGKILL after {@code timeoutSeconds} (null: the container's
     * StopTimeout or 10; negative: wait for ever).
     *
     * @throws io.linnet.engine.api.NotModifiedException when it is not running
     */
    void stop(String idOrName, Integer timeoutSeconds);

    /**
     * @param signal name or number; empty for SIGKILL
     * @throws io.linnet.engine.api.ConflictException "Container x is not running"
     */
    void kill(String idOrName, String signal);

    /**
     * The container's disk use: its writable layer and its whole root file system (image included),
     * in bytes, as {@code ?size=1} shows them.
     */
    Size size(String idOrName);

    /** @param rw the writable layer; @param rootFs the image's layers and the writable one */
    record Size(long rw, long rootFs) {
    }

    /**
     * docker container prune: removes every container that is not running, restarting or being
     * removed and that the filter accepts, and publishes a {@code prune} event with the bytes
     * reclaimed. A container started or removed meanwhile is skipped, as dockerd does.
     */
    PruneReport prune(io.linnet.engine.api.PruneFilter filter);

    /** @param deleted IDs of the removed containers; @param spaceReclaimed their writable layers' bytes */
    record PruneReport(List<String> deleted, long spaceReclaimed) {
        public PruneReport {
            deleted = List.copyOf(deleted);
        }
    }

    /**
     * Changes a container's resources and restart policy (docker update) as dockerd does: the fields
     * the request sets (not zero) replace the container's, a RestartPolicy with a Name replaces it;
     * applied to the running task at once, and kept for its next starts and inspect.
     *
     * @throws io.linnet.engine.api.InvalidParameterException for limits the kernel or dockerd refuse
     */
    void update(String idOrName, UpdateRequest update);

    /** Stops the container if it runs ({@code timeoutSeconds} as for stop), then starts it. */
    void restart(String idOrName, Integer timeoutSeconds);

    /**
     * Freezes every process of the container.
     *
     * @throws io.linnet.engine.api.ConflictException when it is not running or paused already
     */
    void pause(String idOrName);

    /** @throws io.linnet.engine.api.ConflictException when it is not paused */
    void unpause(String idOrName);

    /**
     * Gives the container a new name.
     *
     * @throws io.linnet.engine.api.InvalidParameterException an empty, invalid or unchanged name
     * @throws io.linnet.engine.api.ConflictException         the name is in use
     */
    void rename(String idOrName, String newName);

    /**
     * Resizes the container's terminal.
     *
     * @throws io.linnet.engine.api.ConflictException when it is not running
     */
    void resize(String idOrName, int height, int width);

    /** @throws io.linnet.engine.api.ConflictException when it runs and {@code force} is false */
    default void remove(String idOrName, boolean force) {
        remove(idOrName, force, false);
    }

    /**
     * Removes the container; with {@code anonymousVolumes} also the anonymous volumes only it used
     * ({@code docker rm -v}).
     *
     * @throws io.linnet.engine.api.ConflictException when it runs and {@code force} is false
     */
    void remove(String idOrName, boolean force, boolean anonymousVolumes);

    /**
     * {@code docker rm --link /parent/alias}: the parent's legacy link of that alias is removed; both
     * containers stay.
     *
     * @param linkName the link's name, "/parent/alias" (the leading '/' optional)
     * @throws io.linnet.engine.api.NotFoundException when no container has that link name
     * @throws io.linnet.engine.api.UnknownException  for a container's own name (dockerd's 500)
     */
    default void removeLink(String linkName) {
        throw new io.linnet.engine.api.NotImplementedException("links are not supported by this engine");
    }

    /**
     * Resolves the container now (404 at once) and completes with the exit code once the condition holds.
     */
    CompletionStage<Integer> wait(String idOrName, WaitCondition condition);

    /** Streams the container's log entries to {@code sink}; with {@code follow}, until it stops or the sink declines. */
    void logs(String idOrName, LogOptions options, LogSink sink) throws IOException;

    /**
     * Attaches to the container's output (live, from now on) and optionally its stdin.
     * The attachment ends when the container's output ends or {@link Attachment#close()} is called.
     */
    Attachment attach(String idOrName, boolean stdin, boolean stdout, boolean stderr, LogSink sink);

    /** What a wait waits for. */
    enum WaitCondition {
        NOT_RUNNING, NEXT_EXIT, REMOVED;

        /** {@code not-running} (also empty), {@code next-exit}, {@code removed}. */
        public static WaitCondition parse(String value) {
            if (value == null || value.isEmpty() || value.equals("not-running")) {
                return NOT_RUNNING;
            }
            if (value.equals("next-exit")) {
                return NEXT_EXIT;
            }
            if (value.equals("removed")) {
                return REMOVED;
            }
            throw new io.linnet.engine.api.InvalidParameterException("invalid condition: \"" + value + "\"");
        }
    }

    /**
     * @param since  Unix nanoseconds; 0 for the beginning
     * @param until  Unix nanoseconds; 0 for no end
     * @param tail   lines from the end; negative for all
     */
    record LogOptions(boolean stdout, boolean stderr, boolean follow, long since, long until, int tail) {
    }

    /** Receives output; answers false to stop. */
    @FunctionalInterface
    interface LogSink {
        /** @param stream "stdout" or "stderr"; {@code timeNanos} Unix nanoseconds */
        boolean accept(String stream, long timeNanos, byte[] data);

        /** All there is for now has been given (a follow waits for more): output gathered so far should go out. */
        default void idle() {
        }
    }

    /** A live attachment. */
    interface Attachment extends AutoCloseable {
        /** Completes when the container's output has ended (or the attachment was closed). */
        CompletionStage<Void> done();

        /**
         * The container's stdin: writes wait until the container runs; closing gives the process
         * end-of-file. Bytes are dropped when the container has no stdin (OpenStdin false) or
         * the attachment did not ask for it.
         */
        OutputStream stdin();

        @Override
        void close();
    }
}
