package io.linnet.admin;

import io.linnet.engine.api.system.LoadedModules;
import io.linnet.features.FeatureCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The features and bundles the daemon runs, for {@code docker info}'s Linnet section. The feature
 * files are read once (a runnable folder's features do not change while it runs); states are the
 * framework's at each call.
 */
@Component(service = LoadedModules.class)
public final class LoadedModulesService implements LoadedModules {
    private final BundleContext context;
    private final FeatureCatalog catalog;

    @Activate
    public LoadedModulesService(BundleContext context) {
        this.context = context;
        String home = context.getProperty("linnet.home");
        try {
            this.catalog = FeatureCatalog.read(Path.of(home == null ? "." : home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the features of " + home, e);
        }
    }

    @Override
    public List<FeatureState> features() {
        List<FeatureState> loaded = new ArrayList<>();
        for (FeatureStates.State s : FeatureStates.of(context, catalog)) {
            if (!s.state().equals("-")) {
                loaded.add(new FeatureState(s.feature().name(), s.state()));
            }
        }
        return loaded;
    }

    @Override
    public List<BundleState> bundles() {
        List<BundleState> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0) { // the framework itself
                bundles.add(new BundleState(b.getSymbolicName(), b.getVersion().toString(), BundleTargets.state(b)));
            }
        }
        return bundles;
    }
}
