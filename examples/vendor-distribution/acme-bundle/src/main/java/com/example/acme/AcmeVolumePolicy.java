package com.example.acme;

import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.UnavailableException;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.api.volume.VolumeService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Acme's volume policy: every volume created on this daemon, by {@code docker volume create} or by
 * {@code docker run -v}, carries the label {@value #LABEL}. It replaces Linnet's volume service by
 * ranking (service.ranking 100 beats Linnet's 0), so every Linnet component that asks for a
 * {@link VolumeService} gets this one, and it hands the work to the best-ranked other one (Linnet's
 * local volumes). Its bundle starts before Linnet's own (the launcher starts bundles outside
 * {@code io.linnet.*} first), so Linnet's components find it from their first look.
 */
@Component(service = VolumeService.class,
        property = {"service.ranking:Integer=100", AcmeVolumePolicy.MARKER + "=true"})
public final class AcmeVolumePolicy implements VolumeService {
    /** The label Acme's policy puts on every volume. */
    public static final String LABEL = "com.example.acme.managed";
    /** Service property that tells this service from the one it decorates. */
    static final String MARKER = "com.example.acme.volume-policy";

    @Reference(target = "(!(" + MARKER + "=true))", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile VolumeService linnet;

    public AcmeVolumePolicy() {
    }

    /** For tests: decorates {@code linnet}. */
    AcmeVolumePolicy(VolumeService linnet) {
        this.linnet = linnet;
    }

    @Override
    public Volume create(VolumeCreateRequest request) {
        Map<String, String> labels = new LinkedHashMap<>(request.labels() == null ? Map.of() : request.labels());
        labels.put(LABEL, "true");
        return delegate().create(new VolumeCreateRequest(request.name(), request.driver(), request.driverOpts(), labels));
    }

    @Override
    public List<Volume> list() {
        return delegate().list();
    }

    @Override
    public List<Volume> listWithUsage() {
        return delegate().listWithUsage();
    }

    @Override
    public Volume inspect(String name) {
        return delegate().inspect(name);
    }

    @Override
    public int referenceCount(String name) {
        return delegate().referenceCount(name);
    }

    @Override
    public void remove(String name, boolean force) {
        delegate().remove(name, force);
    }

    @Override
    public PruneReport prune(boolean all, PruneFilter filter) {
        return delegate().prune(all, filter);
    }

    /** Linnet's volume service; while it is being replaced (a bundle update), 503: try again. */
    private VolumeService delegate() {
        VolumeService service = linnet;
        if (service == null) {
            throw new UnavailableException("volumes are not available yet: the volume service is starting");
        }
        return service;
    }
}
