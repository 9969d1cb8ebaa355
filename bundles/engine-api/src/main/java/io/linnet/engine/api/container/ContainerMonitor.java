package io.linnet.engine.api.container;

/** What runs inside a container and what it uses: {@code docker top} and {@code docker stats}. */
public interface ContainerMonitor {

    /**
     * Runs the host's {@code ps} with {@code psArgs} (empty: {@code -ef}) and keeps the container's processes.
     *
     * @throws io.linnet.engine.api.NotFoundException         no such container
     * @throws io.linnet.engine.api.ConflictException         it is not running
     * @throws io.linnet.engine.api.InvalidParameterException arguments dockerd refuses
     * @throws IllegalStateException                          ps failed ("ps: " and its first error line)
     */
    ContainerTop top(String idOrName, String psArgs);

    /**
     * One sample now; {@link ContainerStats#empty} for a container that does not run.
     *
     * @throws io.linnet.engine.api.NotFoundException no such container
     */
    ContainerStats stats(String idOrName);
}
