package io.linnet.engine.api.container;

import java.io.OutputStream;
import java.util.concurrent.CompletionStage;

/**
 * Processes run inside running containers ({@code docker exec}). Exec instances are looked up by
 * their full ID and raise {@link io.linnet.engine.api.NotFoundException} ("No such exec instance: x")
 * otherwise; they are forgotten some minutes after they exited, as dockerd does.
 */
public interface ExecService {

    /**
     * Registers an exec instance (nothing runs yet).
     *
     * @return its ID
     * @throws io.linnet.engine.api.NotFoundException         no such container
     * @throws io.linnet.engine.api.ConflictException         the container is not running or paused
     * @throws io.linnet.engine.api.InvalidParameterException no command
     */
    String create(String containerIdOrName, ExecCreate request);

    ExecInfo inspect(String execId);

    /**
     * Checks that the exec may start now (not started before, container running), so the caller
     * can answer with an error before it takes the connection over.
     *
     * @throws io.linnet.engine.api.ConflictException as dockerd: already running, already ran, container not running
     */
    ExecInfo checkStartable(String execId);

    /**
     * Starts the process. Its output goes to {@code stdout} and {@code stderr} (null: discarded; with
     * a TTY everything comes on stdout) until it ends; a failing write makes the rest be discarded.
     *
     * @param consoleHeight initial TTY size, 0 for none
     */
    Run start(String execId, OutputStream stdout, OutputStream stderr, int consoleHeight, int consoleWidth);

    /** @throws io.linnet.engine.api.ConflictException when the process does not run */
    void resize(String execId, int height, int width);

    /** A started exec process. */
    interface Run {
        /**
         * The process's stdin (a null stream when the exec did not ask for stdin): closing it gives
         * the process end-of-file.
         */
        OutputStream stdin();

        /** Completes with the exit code once the process exited and its output was delivered. */
        CompletionStage<Integer> done();
    }
}
