package io.linnet.admin;

import io.linnet.features.AdminProtocol;
import io.linnet.features.CommandLines;
import io.linnet.features.Feature;
import io.linnet.features.FeatureCatalog;
import io.linnet.features.MavenId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The operator's commands on the running daemon. Each returns the text to show and throws
 * {@link IllegalArgumentException} for a target that does not exist. Served on the admin socket
 * ({@link AdminSocket}) and, where a Gogo shell is installed, as {@code linnet:bundles} and so on.
 * One command runs at a time.
 */
@Component(service = BundleAdmin.class, property = {
    "osgi.command.scope=linnet",
    "osgi.command.function=bundles", "osgi.command.function=features", "osgi.command.function=start",
    "osgi.command.function=stop", "osgi.command.function=update", "osgi.command.function=install",
    "osgi.command.function=uninstall"})
public final class BundleAdmin {
    /** Framework property: the features the launcher started (comma-separated names). */
    static final String LAUNCHED_FEATURES = "linnet.features";

    private final BundleContext context;
    private final BundleSwaps swaps;
    private final Path home;
    /** Gogo's command lines, when the optional feature linnet-gogo runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CommandLines shell;

    @Activate
    public BundleAdmin(BundleContext context) {
        this.context = context;
        this.swaps = new BundleSwaps(context);
        String linnetHome = context.getProperty("linnet.home");
        this.home = Path.of(linnetHome == null ? "." : linnetHome);
    }

    /** One line per bundle: id, state, symbolic name, version. */
    public synchronized String bundles() {
        StringBuilder out = new StringBuilder(String.format("%-4s %-11s %-50s %s%n", "ID", "STATE", "SYMBOLIC NAME", "VERSION"));
        for (Bundle b : context.getBundles()) {
            out.append(String.format("%-4d %-11s %-50s %s%n", b.getBundleId(), BundleTargets.state(b),
                    b.getSymbolicName(), b.getVersion()));
        }
        return out.toString();
    }

    /** One line per feature of the runnable folder: name, state, bundles active, title. */
    public synchronized String features() throws IOException {
        FeatureCatalog catalog = catalog();
        List<String> launched = launched();
        StringBuilder out = new StringBuilder(String.format("%-28s %-10s %-8s %s%n", "NAME", "STATE", "BUNDLES", "TITLE"));
        for (FeatureStates.State s : FeatureStates.of(context, catalog)) {
            Feature f = s.feature();
            out.append(String.format("%-28s %-10s %-8s %s%s%n", f.name(), s.state(), s.active() + "/" + s.total(), f.title(),
                    launched.contains(f.name()) ? " (launched)" : ""));
        }
        return out.toString();
    }

    /** Starts bundles (id or symbolic name) or the bundles of features. */
    public synchronized String start(String... targets) throws Exception {
        List<Bundle> bundles = resolve(targets, false);
        return swaps.served(() -> {
            StringBuilder out = new StringBuilder();
            for (Bundle b : bundles) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                    out.append(line("started", b));
                }
            }
            return out.toString();
        });
    }

    /** Stops bundles or the bundles of features (in reverse order); they stay installed. */
    public synchronized String stop(String... targets) throws Exception {
        List<Bundle> bundles = new ArrayList<>(resolve(targets, false));
        java.util.Collections.reverse(bundles);
        return swaps.served(() -> {
            StringBuilder out = new StringBuilder();
            for (Bundle b : bundles) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.stop();
                    out.append(line("stopped", b));
                }
            }
            return out.toString();
        });
    }

    /**
     * Replaces a bundle's revision: from its own location (a restart on fresh classes), from a
     * jar file, or from another version of its artifact in the runnable folder's repository.
     */
    public synchronized String update(String target, String... from) throws Exception {
        Bundle bundle = BundleTargets.one(context, target);
        String before = bundle.getVersion().toString();
        long started = System.nanoTime();
        if (from.length == 0) {
            swaps.update(bundle, null);
        } else {
            Path jar = from[0].endsWith(".jar") ? Path.of(from[0]) : otherVersion(bundle, from[0]);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no jar " + jar);
            }
            try (InputStream in = Files.newInputStream(jar)) {
                swaps.update(bundle, in);
            }
        }
        return String.format("updated %s %s -> %s in %d ms%n", bundle.getSymbolicName(), before, bundle.getVersion(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Installs and starts a feature (and what it needs), a jar, or an artifact of the repository. */
    public synchronized String install(String... targets) throws Exception {
        return swaps.served(() -> installNow(targets));
    }

    private String installNow(String... targets) throws Exception {
        FeatureCatalog catalog = catalog();
        StringBuilder out = new StringBuilder();
        List<Bundle> fresh = new ArrayList<>();
        for (String target : targets) {
            if (catalog.feature(target).isPresent()) {
                for (Feature.Bundle b : catalog.bundles(List.of(target))) {
                    if (installed(catalog, b.artifact()).isEmpty()) {
                        fresh.add(context.installBundle(catalog.jar(b.artifact()).toUri().toString()));
                    }
                }
            } else if (target.endsWith(".jar")) {
                fresh.add(context.installBundle(Path.of(target).toAbsolutePath().toUri().toString()));
            } else {
                fresh.add(context.installBundle(catalog.jar(MavenId.parse(target)).toUri().toString()));
            }
        }
        for (Bundle b : fresh) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
            out.append(line("installed", b));
        }
        if (fresh.isEmpty()) {
            out.append("nothing to install: already installed\n");
        }
        return out.toString();
    }

    /** Uninstalls bundles, or a feature's own bundles, and rewires what used them. */
    public synchronized String uninstall(String... targets) throws Exception {
        List<Bundle> gone = new ArrayList<>(resolve(targets, true));
        java.util.Collections.reverse(gone);
        return swaps.served(() -> {
            StringBuilder out = new StringBuilder();
            for (Bundle b : gone) {
                out.append(line("uninstalled", b));
                b.uninstall();
            }
            swaps.refresh(gone);
            return out.toString();
        });
    }

    /** Bundles named by id or symbolic name, or a feature's own bundles (not those of the features it needs). */
    private List<Bundle> resolve(String[] targets, boolean ownOnly) throws IOException {
        if (targets.length == 0) {
            throw new IllegalArgumentException("name a bundle (id or symbolic name) or a feature");
        }
        FeatureCatalog catalog = catalog();
        List<Bundle> found = new ArrayList<>();
        for (String target : targets) {
            Optional<Feature> feature = catalog.feature(target);
            if (feature.isPresent()) {
                List<Feature.Bundle> bundles = ownOnly ? feature.get().bundles() : FeatureStates.bundlesOf(catalog, feature.get());
                for (Feature.Bundle b : bundles) {
                    installed(catalog, b.artifact()).ifPresent(found::add);
                }
            } else {
                List<Bundle> named = BundleTargets.find(context, target);
                if (named.isEmpty()) {
                    throw new IllegalArgumentException("no bundle or feature " + target);
                }
                found.addAll(named);
            }
        }
        return found;
    }

    private Optional<Bundle> installed(FeatureCatalog catalog, MavenId artifact) {
        return FeatureStates.installed(context, catalog, artifact);
    }

    /** The sibling version directory of the bundle's artifact in the repository it was installed from. */
    private static Path otherVersion(Bundle bundle, String version) {
        Path shipped = Path.of(java.net.URI.create(bundle.getLocation()));
        Path artifactDir = shipped.getParent().getParent();
        String artifact = artifactDir.getFileName().toString();
        return artifactDir.resolve(version).resolve(artifact + "-" + version + ".jar");
    }

    private FeatureCatalog catalog() throws IOException {
        return FeatureCatalog.read(home);
    }

    private List<String> launched() {
        String names = context.getProperty(LAUNCHED_FEATURES);
        return names == null ? List.of() : Arrays.asList(names.split(","));
    }

    private static String line(String what, Bundle b) {
        return String.format("%s %d %s %s%n", what, b.getBundleId(), b.getSymbolicName(), b.getVersion());
    }

    /**
     * Runs a Gogo command line ({@code lb}, {@code scr:list}, {@code linnet:bundles}...). Not one
     * command at a time as the others: the line may call them, on Gogo's threads.
     */
    public String gogo(String... line) throws Exception {
        CommandLines commands = shell;
        if (commands == null) {
            throw new IllegalArgumentException("no Gogo in this daemon: install the feature linnet-gogo first "
                    + "(linnetd admin install linnet-gogo)");
        }
        if (line.length == 0) {
            throw new IllegalArgumentException("gogo COMMAND-LINE");
        }
        return commands.execute(String.join(" ", line));
    }

    /** Runs {@code command args...} as the admin socket asks; the same names as the Gogo functions. */
    String run(List<String> command) throws Exception {
        if (command.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        String[] args = command.subList(1, command.size()).toArray(new String[0]);
        return switch (command.get(0)) {
            case "bundles" -> bundles();
            case "features" -> features();
            case "start" -> start(args);
            case "stop" -> stop(args);
            case "install" -> install(args);
            case "uninstall" -> uninstall(args);
            case "gogo" -> gogo(args);
            case "update" -> {
                if (args.length == 0) {
                    throw new IllegalArgumentException("update BUNDLE [JAR|VERSION]");
                }
                yield update(args[0], Arrays.copyOfRange(args, 1, args.length));
            }
            default -> throw new IllegalArgumentException("unknown command " + command.get(0) + "\n" + USAGE);
        };
    }

    static final String USAGE = "Usage: linnetd admin [daemon flags] COMMAND [ARG...]\n" + AdminProtocol.COMMANDS;
}
