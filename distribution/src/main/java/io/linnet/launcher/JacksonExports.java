package io.linnet.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The Jackson packages the system bundle exports: the launcher reads daemon.json with Jackson, and
 * bundles wired to that same copy load it once instead of twice (about 500 classes, 3 MiB of
 * metaspace). The exports are Jackson's own Export-Package headers, read from its jars' manifests
 * on the launcher's class path, so versions and uses constraints are Jackson's. The Jackson bundles
 * the features list stay installed: the resolver prefers the system bundle's exports (lowest bundle
 * ID at the same version), and a set-up without this launcher (Pax Exam) still wires them.
 */
final class JacksonExports {
    private static final Set<String> JACKSON_BUNDLES = Set.of("com.fasterxml.jackson.core.jackson-core",
            "com.fasterxml.jackson.core.jackson-databind", "com.fasterxml.jackson.core.jackson-annotations");

    private JacksonExports() {
    }

    static String packages() {
        List<String> exports = new ArrayList<>();
        try {
            Enumeration<URL> manifests = JacksonExports.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    Attributes main = new Manifest(in).getMainAttributes();
                    String name = main.getValue("Bundle-SymbolicName");
                    String exported = main.getValue("Export-Package");
                    if (name != null && exported != null && JACKSON_BUNDLES.contains(name.split(";")[0].trim())) {
                        exports.add(exported);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's class path manifests", e);
        }
        if (exports.size() != JACKSON_BUNDLES.size()) {
            throw new IllegalStateException("Jackson's jars are not all on the launcher's class path: found "
                    + exports.size() + " of " + JACKSON_BUNDLES.size());
        }
        return String.join(",", exports);
    }
}
