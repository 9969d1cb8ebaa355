package io.linnet.containerd.container;

import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.Resources;
import io.linnet.api.model.container.UpdateRequest;
import io.linnet.engine.api.InvalidParameterException;

/**
 * dockerd's {@code docker update} merge (moby daemon/update.go): only the fields the request sets
 * (not zero) change; a RestartPolicy with a Name replaces the container's. The result is checked as
 * dockerd checks it before anything is applied.
 */
final class HostConfigUpdate {

    private HostConfigUpdate() {
    }

    static HostConfig merge(HostConfig current, UpdateRequest u) {
        Resources r = current.resources();
        Resources w = u.resources();
        Resources.Builder b = r.toBuilder();
        if (w.cpuShares() != 0) { b.cpuShares(w.cpuShares()); }
        if (w.memory() != 0) { b.memory(w.memory()); }
        if (w.nanoCpus() != 0) { b.nanoCpus(w.nanoCpus()); }
        if (w.cpuPeriod() != 0) { b.cpuPeriod(w.cpuPeriod()); }
        if (w.cpuQuota() != 0) { b.cpuQuota(w.cpuQuota()); }
        if (!w.cpusetCpus().isEmpty()) { b.cpusetCpus(w.cpusetCpus()); }
        if (!w.cpusetMems().isEmpty()) { b.cpusetMems(w.cpusetMems()); }
        if (w.memoryReservation() != 0) { b.memoryReservation(w.memoryReservation()); }
        if (w.memorySwap() != 0) { b.memorySwap(w.memorySwap()); }
        if (w.blkioWeight() != 0) { b.blkioWeight(w.blkioWeight()); }
        if (w.pidsLimit() != null && w.pidsLimit() != 0) { b.pidsLimit(w.pidsLimit()); }
        Resources merged = b.build();
        if (merged.memory() > 0 && merged.memorySwap() > 0 && merged.memorySwap() < merged.memory()) {
            throw new InvalidParameterException("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (merged.memory() > 0 && merged.memoryReservation() > merged.memory()) {
            throw new InvalidParameterException("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        HostConfig.Builder host = current.toBuilder().resources(merged);
        if (u.restartPolicy() != null && !u.restartPolicy().name().isEmpty()) {
            host.restartPolicy(u.restartPolicy());
        }
        return host.build();
    }
}
