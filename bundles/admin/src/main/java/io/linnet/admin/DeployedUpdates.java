package io.linnet.admin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jar dropped into {@code deploy/} whose symbolic name is already installed from the
 * distribution replaces that bundle in place (FileInstall alone would install it beside the
 * shipped one when its version is higher). Removing the jar brings the shipped revision back.
 * FileInstall asks its installers before its own bundle handling, highest ranking first.
 */
@Component(service = ArtifactInstaller.class, property = "service.ranking:Integer=1000")
public final class DeployedUpdates implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(DeployedUpdates.class);

    private final BundleContext context;
    private final BundleSwaps swaps;
    private final File deploy;
    /** Jars of deploy/ and the shipped bundle each replaced. */
    private final java.util.Map<File, Long> replaced = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public DeployedUpdates(BundleContext context) {
        this.context = context;
        this.swaps = new BundleSwaps(context);
        String home = context.getProperty("linnet.home");
        this.deploy = new File(home == null ? "." : home, "deploy").getAbsoluteFile();
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && deploy.equals(artifact.getAbsoluteFile().getParentFile())
                && shipped(artifact).isPresent();
    }

    @Override
    public void install(File artifact) throws Exception {
        replace(artifact);
    }

    @Override
    public void update(File artifact) throws Exception {
        replace(artifact);
    }

    @Override
    public void uninstall(File artifact) throws Exception {
        // the jar is gone by now: the bundle is the one it replaced
        Long id = replaced.remove(artifact.getAbsoluteFile());
        Optional<Bundle> bundle = Optional.ofNullable(id == null ? null : context.getBundle(id));
        if (bundle.isPresent()) {
            LOG.info("{} removed from deploy/: back to the shipped {}", artifact.getName(), bundle.get().getSymbolicName());
            swaps.revert(bundle.get());
        }
    }

    private void replace(File artifact) throws Exception {
        Bundle bundle = shipped(artifact).orElseThrow();
        Version offered = Version.parseVersion(header(artifact, Constants.BUNDLE_VERSION));
        if (offered.compareTo(bundle.getVersion()) < 0) {
            LOG.warn("{} is version {}, older than the installed {} {}: left alone", artifact.getName(), offered,
                    bundle.getSymbolicName(), bundle.getVersion());
            return;
        }
        long started = System.nanoTime();
        replaced.put(artifact.getAbsoluteFile(), bundle.getBundleId());
        try (InputStream in = Files.newInputStream(artifact.toPath())) {
            swaps.update(bundle, in);
        }
        LOG.info("{} updated from deploy/{} to {} in {} ms", bundle.getSymbolicName(), artifact.getName(),
                bundle.getVersion(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The bundle the distribution installed (not from deploy/) with the jar's symbolic name. */
    private Optional<Bundle> shipped(File artifact) {
        String name = header(artifact, Constants.BUNDLE_SYMBOLICNAME);
        if (name == null) {
            return Optional.empty();
        }
        String symbolicName = name.split(";")[0].trim();
        String location = artifact.getAbsoluteFile().toURI().toString();
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && !b.getLocation().equals(location)
                    && !b.getLocation().contains("/deploy/")) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    private static String header(File jar, String name) {
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue(name);
        } catch (IOException notAJar) {
            return null;
        }
    }
}
