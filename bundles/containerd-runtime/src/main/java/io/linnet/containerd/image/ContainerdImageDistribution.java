package io.linnet.containerd.image;

import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ProgressSink;
import io.linnet.engine.api.registry.ImageDistribution;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.function.Supplier;

/**
 * Pull and push between a registry (the registry bundle's client) and containerd's image store.
 * Registered only while a registry client is there; the image service works without it.
 */
@Component(service = ImageDistribution.class, configurationPid = "io.linnet.daemon.live",
        configurationPolicy = org.osgi.service.component.annotations.ConfigurationPolicy.OPTIONAL)
public final class ContainerdImageDistribution implements ImageDistribution {

    private final ContainerdConnection containerd;
    private final RegistryPuller puller;
    private final RegistryPusher pusher;
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile io.linnet.engine.api.event.EventService eventService;
    private final ImageEvents imageEvents;

    /** The part of the daemon's live configuration (reloaded on SIGHUP) pulls read. */
    public @interface PullConfig {
        /** dockerd's max-download-attempts: tries per layer download before the pull fails. */
        int maxDownloadAttempts() default ResumingBlobStream.DEFAULT_MAX_ATTEMPTS;
    }

    @Activate
    public ContainerdImageDistribution(@Reference ContainerdConnection containerd, @Reference RegistryClient registry,
            @Reference ImageRecords imageRecords, PullConfig config) {
        this.containerd = containerd;
        ContentStore content = new ContentStore(containerd);
        Snapshots snapshots = new Snapshots(containerd);
        ImageCatalog catalog = new ImageCatalog(imageRecords, content, snapshots);
        ImageNames names = new ImageNames(containerd, catalog);
        ImageWriter writer = new ImageWriter(content, snapshots);
        this.imageEvents = new ImageEvents(catalog, () -> eventService);
        this.puller = new RegistryPuller(content, snapshots, catalog, names, writer, registry,
                Math.max(1, config.maxDownloadAttempts()));
        this.pusher = new RegistryPusher(content, snapshots, catalog, names, registry);
    }

    /** A reload (SIGHUP): pulls started from now on try as often as the new setting says. */
    @org.osgi.service.component.annotations.Modified
    void modified(PullConfig config) {
        puller.maxDownloadAttempts(Math.max(1, config.maxDownloadAttempts()));
    }

    @Override
    public void pull(ImageReference reference, String platform, RegistryAuth auth, ProgressSink progress) {
        call("pull " + reference.familiar(), () -> {
            puller.pull(reference, platform, auth, progress);
            imageEvents.transferred(reference, "pull");
            return null;
        });
    }

    @Override
    public void pullAllTags(ImageReference repository, String platform, RegistryAuth auth, ProgressSink progress) {
        call("pull --all-tags " + repository.familiarRepository(), () -> {
            puller.pullAllTags(repository, platform, auth, progress);
            imageEvents.transferred(repository, "pull");
            return null;
        });
    }

    @Override
    public void push(ImageReference reference, RegistryAuth auth, ProgressSink progress) {
        call("push " + reference.familiar(), () -> {
            pusher.push(reference, auth, progress);
            imageEvents.transferred(reference, "push");
            return null;
        });
    }

    private <T> T call(String what, Supplier<T> work) {
        return ImageStoreCalls.call(containerd, what, work);
    }
}
